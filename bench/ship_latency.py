#!/usr/bin/env python3
"""End-to-end latency for bench/ship.sh: file change -> line in the central history.

    ship_latency.py WATCHED CENTRAL_HOST_DIR

While it runs it creates a probe file WATCHED/probe-<ns> every 20 ms (<ns>: the wall clock just
before the change) and tails the central history of one host (the collector's DIR/HOST/), noting
when each chunk of lines became readable there. SIGUSR1 stops the probes; it exits once the
central history holds a line of every probe and has not grown for 2 s (or, probes lost to a kernel
queue overflow, has not grown for 15 s), and prints one line:

    probes=N made=N probe_p50_s=.. probe_p99_s=.. probe_max_s=.. lines=N line_p50_s=.. line_p99_s=..

probe_*: from the probe's change to its CREATE line in the central history (the issue's figure);
line_*: every central line, from its "time" (when the daemon read the event) to its arrival.
Arrival is when the line could be read from the file (the collector fsyncs right after writing).
"""
import datetime
import os
import signal
import sys
import threading
import time

watched, central = sys.argv[1], sys.argv[2]
probing = threading.Event()
probing.set()
made = []


def probe():
    i = 0
    while probing.is_set():
        t = time.time_ns()
        fd = os.open(os.path.join(watched, "probe-%d" % t), os.O_CREAT | os.O_WRONLY, 0o644)
        os.close(fd)
        made.append(t)
        i += 1
        time.sleep(0.02)


signal.signal(signal.SIGUSR1, lambda *_: probing.clear())
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

chunks = []          # (arrival ns, bytes)
pos = {}             # file -> bytes read
# What the central history held before this script started (the collector's readiness line, a
# warm-up burst) is not measured: noted before the first probe is made.
for n in os.listdir(central) if os.path.isdir(central) else []:
    if n.endswith(".jsonl"):
        with open(os.path.join(central, n), "rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - (1 << 20)))
            tail = f.read()
            pos[os.path.join(central, n)] = size - len(tail) + tail.rfind(b"\n") + 1
threading.Thread(target=probe, daemon=True).start()
probe_seen = 0
last_growth = time.time_ns()
while True:
    grew = False
    now = time.time_ns()
    try:
        names = sorted(n for n in os.listdir(central) if n.endswith(".jsonl"))
    except FileNotFoundError:
        names = []
    for n in names:
        p = os.path.join(central, n)
        with open(p, "rb") as f:
            f.seek(pos.get(p, 0))
            b = f.read()
        end = b.rfind(b"\n") + 1
        if end:
            pos[p] = pos.get(p, 0) + end
            chunks.append((now, b[:end]))
            probe_seen += b.count(b'"event_type":"CREATE","path":"' + watched.encode() + b"/probe-")
            grew = True
    if grew:
        last_growth = now
    quiet = now - last_growth
    if not probing.is_set() and (quiet > 15_000_000_000 or probe_seen >= len(made) and quiet > 2_000_000_000):
        break
    time.sleep(0.005)


def epoch_ns(line):
    # {"time":"2026-12-03T19:20:01.123456789Z",...
    s = line[9:39].decode()
    d = datetime.datetime.fromisoformat(s[:19]).replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp()) * 1_000_000_000 + int(s[20:29])


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] / 1e9 if xs else float("nan")


mark = b'"event_type":"CREATE","path":"' + watched.encode() + b"/probe-"
probe_lat, line_lat = [], []
for at, b in chunks:
    for line in b.split(b"\n")[:-1]:
        if not line.startswith(b'{"time":"'):
            continue
        line_lat.append(at - epoch_ns(line))
        k = line.find(mark)
        if k >= 0:
            k += len(mark)
            probe_lat.append(at - int(line[k:line.index(b'"', k)]))
print("probes=%d made=%d probe_p50_s=%.3f probe_p99_s=%.3f probe_max_s=%.3f lines=%d line_p50_s=%.3f line_p99_s=%.3f" % (
    len(probe_lat), len(made), pct(probe_lat, 0.5), pct(probe_lat, 0.99), max(probe_lat, default=0) / 1e9,
    len(line_lat), pct(line_lat, 0.5), pct(line_lat, 0.99)))
