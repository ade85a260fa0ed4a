#!/usr/bin/env python3
"""Issue #16 case 1 repro: is a CREATE made 0.15-0.25 s after 'watching' ever lost?

Faithful to the report: the real launcher ./fsmon, a real ./fsmon daemon with its own runtime and
history folders and one watch (fsmon add) fed by a writer, the launcher's background AOT training
run re-triggered every few runs (by deleting cli/target/fsmon-monitor.aot), CPU load, the monitored
folder alternately in /tmp (ext4 here) and /dev/shm (tmpfs). Each run: ./fsmon monitor DIR -f json,
wait for 'watching' on stderr, touch DIR/f 0.15-0.25 s later, wait 0.3 s, SIGINT, check stdout for
the CREATE of DIR/f and read the whole summary line.

Usage: python3 bench/lost_repro.py RUNS [LOAD_PROCS]   (as root, from the repository)
"""
import json, os, random, re, shutil, signal, subprocess, sys, tempfile, time

# A script started in the background by a non-interactive shell inherits SIGINT ignored, and so
# would every fsmon it starts (the JVM keeps an ignored SIGINT ignored): give it back its default.
signal.signal(signal.SIGINT, signal.SIG_DFL)
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FSMON = os.path.join(REPO, "fsmon")
AOT = os.path.join(REPO, "cli", "target", "fsmon-monitor.aot")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 150
load_procs = int(sys.argv[2]) if len(sys.argv) > 2 else 2

base = tempfile.mkdtemp(prefix="fsmon-lost-")
env = dict(os.environ, FSMON_RUNTIME_DIR=base + "/run", FSMON_HISTORY_DIR=base + "/history",
           FSMON_STATE_DIR=base + "/state", FSMON_CONFIG=base + "/none.toml")
for d in ("run", "history", "state", "watched"):
    os.makedirs(os.path.join(base, d))
open(base + "/none.toml", "w").close()  # an empty config: no watch but the one added below
children = []


def spawn(args, **kw):
    p = subprocess.Popen(args, **kw)
    children.append(p)
    return p


daemon = spawn([FSMON, "daemon"], env=env, stdout=subprocess.DEVNULL, stderr=open(base + "/daemon.err", "w"))
deadline = time.time() + 60
while time.time() < deadline and "daemon ready" not in open(base + "/daemon.err").read():
    if daemon.poll() is not None:
        sys.exit("daemon ended: " + open(base + "/daemon.err").read())
    time.sleep(0.1)
subprocess.run([FSMON, "add", base + "/watched", "-r"], env=env, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# A writer in the daemon's watch, and CPU burners.
spawn(["sh", "-c", f"while :; do for i in $(seq 50); do echo x > {base}/watched/w$i; done; rm -f {base}/watched/w*; sleep 0.05; done"])
for _ in range(load_procs):
    spawn(["nice", "-n", "5", "python3", "-c", "while True: pass"])

counts = dict(runs=0, start_failed=0, lost=0, unnamed=0, unresolved=0, training_during=0)
lost_details = []
try:
    for i in range(runs):
        if i % 8 == 0 and not os.path.exists(AOT + ".training"):
            try:
                os.remove(AOT)  # the next monitor starts a training run in the background
            except FileNotFoundError:
                pass
        parent = "/dev/shm" if i % 2 else "/tmp"
        d = tempfile.mkdtemp(prefix="lost-", dir=parent)
        p = subprocess.Popen([FSMON, "monitor", d, "-f", "json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        err_lines = []
        while True:
            line = p.stderr.readline()
            if not line:
                break
            err_lines.append(line)
            if line.startswith("fsmon: watching"):
                break
        if not err_lines or not err_lines[-1].startswith("fsmon: watching"):
            p.wait(timeout=60)  # it did not start: not a lost event
            counts["start_failed"] += 1
            print(f"run {i} did not start in {parent}: {''.join(err_lines).strip()}", flush=True)
            shutil.rmtree(d, ignore_errors=True)
            continue
        time.sleep(random.uniform(0.15, 0.25))
        training = os.path.exists(AOT + ".training")
        subprocess.run(["touch", d + "/f"])
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        out, rest = p.communicate(timeout=60)
        err_lines += rest.splitlines(keepends=True)
        summary = next((l.strip() for l in err_lines if re.search(r"\d+ events, ", l)), "NO SUMMARY")
        m = re.search(r"(\d+) unresolved", summary)
        unresolved = int(m.group(1)) if m else -1
        creates = []
        for l in out.splitlines():
            try:
                e = json.loads(l)
            except ValueError:
                continue
            if e.get("event_type") == "CREATE" and e.get("path") == d + "/f":
                creates.append(e)
        counts["runs"] += 1
        counts["training_during"] += training
        if unresolved > 0:
            counts["unresolved"] += 1
        if not creates:
            counts["lost"] += 1
            lost_details.append((i, parent, training, summary, "".join(err_lines)[-600:], out[-600:]))
            print(f"run {i} LOST in {parent} training={training}: {summary}", flush=True)
        elif creates[0].get("comm") is None:
            counts["unnamed"] += 1
            print(f"run {i} unnamed in {parent}: {creates[0]}", flush=True)
        if i % 10 == 0:
            print(f"after {i + 1}: {counts} last summary: {summary}", flush=True)
        shutil.rmtree(d, ignore_errors=True)
finally:
    for c in children:
        c.send_signal(signal.SIGINT if c is daemon else signal.SIGKILL)
    for c in children:
        try:
            c.wait(timeout=30)
        except subprocess.TimeoutExpired:
            c.kill()
    print("RESULT", counts, flush=True)
    for x in lost_details:
        print("LOST DETAIL", x, flush=True)
    shutil.rmtree(base, ignore_errors=True)
