#!/usr/bin/env bash
# Short-lived-process attribution: 500 processes (touch, sh -c 'echo x > F', mv A B, and a quarter
# as uid 65534 through setpriv) on a fresh tmpfs, watched by fsmon and by fatrace in the same
# run. Reports, per tool, the share of the 500 files whose event names the right comm, pid and
# user (fatrace prints no user). Needs root, fatrace (apt-get install -y fatrace) and setpriv.
# Usage: sudo bench/attribution.sh [N]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-500}"
work="$(mktemp -d /tmp/fsmon-bench-attr.XXXXXX)"
dir="$work/fs"
mkdir -p "$dir"
mount -t tmpfs -o size=256m fsmon-bench "$dir"
chmod 777 "$dir"
cleanup() { umount -l "$dir" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap "umount -l $dir; echo kept $work" EXIT

i=0; while [ $i -lt "$n" ]; do [ $((i % 4)) = 2 ] && : > "$dir/m$i"; i=$((i+1)); done

"$here/fsmon" monitor "$dir" -r -t create,moved_to -f json > "$work/fsmon.json" 2> "$work/fsmon.err" &
fsmon_pid=$!
until grep -q "fsmon: watching $dir" "$work/fsmon.err" 2>/dev/null; do
  kill -0 "$fsmon_pid" 2>/dev/null || { cat "$work/fsmon.err" >&2; exit 1; }
  sleep 0.05 # polling a file another process writes; there is no other signal to wait on
done
(cd "$dir" && exec fatrace -c -o "$work/fatrace.txt") &
fatrace_pid=$!
sleep 1 # fatrace prints nothing when its marks are placed

start=$(date +%s.%N)
(cd "$dir" && i=0 && while [ $i -lt "$n" ]; do
  case $((i % 4)) in
    0) touch "t$i" & ;;
    1) sh -c "echo x > s$i" & ;;
    2) mv "m$i" "n$i" & ;;
    3) setpriv --reuid=65534 --regid=65534 --clear-groups touch "u$i" & ;;
  esac
  echo "$! $i" >> "$work/pids"; wait; i=$((i+1))
done)
end=$(date +%s.%N)
touch "$dir/.end"; sleep 1
kill -TERM "$fsmon_pid" "$fatrace_pid"; wait "$fsmon_pid" || true; wait "$fatrace_pid" || true

python3 - "$work" "$dir" "$n" "$start" "$end" <<'PY'
import json, re, sys
work, d, n, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
exp = {}
for line in open(f"{work}/pids"):
    pid, i = map(int, line.split())
    k = i % 4
    name, comm, user = [("t", "touch", "root"), ("s", "sh", "root"), ("n", "mv", "root"), ("u", "touch", "nobody")][k]
    exp[f"{d}/{name}{i}"] = (pid, comm, user)
def score(seen, with_user=True):
    c = p = u = unnamed = wrong = 0
    for path, (pid, comm, user) in exp.items():
        a = seen.get(path)
        if a is None: continue
        p += a[0] == pid
        c += a[1] == comm
        unnamed += a[1] is None
        if a[1] is not None and a[1] != comm:
            wrong += 1
            print("  wrong:", path, "expected", (pid, comm, user), "got", a, file=sys.stderr)
        u += with_user and a[2] == user
    return c, p, u, unnamed, wrong, sum(1 for x in exp if x in seen)
fs = {}
for line in open(f"{work}/fsmon.json"):
    if not line.startswith("{"):
        continue  # a JVM warning on stdout (CDS archive rebuilt), not an event
    e = json.loads(line)
    if e.get("path") in exp and e["path"] not in fs:
        fs[e["path"]] = (e.get("pid"), e.get("comm"), e.get("user"))
fa = {}
rx = re.compile(r"^(.*)\((\d+)\): (\S+) (.*)$")
for line in open(f"{work}/fatrace.txt", errors="replace"):
    m = rx.match(line.rstrip("\n"))
    if m and m.group(4) in exp and m.group(4) not in fa:
        comm = m.group(1)
        fa[m.group(4)] = (int(m.group(2)), None if comm in ("unknown", "") else comm, None)
print(f"{n} processes in {end - start:.1f} s")
for tool, seen, wu in (("fsmon", fs, True), ("fatrace", fa, False)):
    c, p, u, unnamed, wrong, found = score(seen, wu)
    pct = lambda x: f"{100.0 * x / n:.1f} %"
    print(f"{tool:8} files seen {found}/{n}  comm {pct(c)} (unnamed {unnamed}, wrong {wrong})  pid {pct(p)}  user "
          + (pct(u) if wu else "n/a (not reported)"))
PY
grep "^fsmon: " "$work/fsmon.err" | tail -2
