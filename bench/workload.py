#!/usr/bin/env python3
"""Workload generator for the fsmon benchmark.

Every workload records the events it causes, one "TYPE<TAB>PATH" line per
event, in the --expected file (types use fsmon's vocabulary: CREATE,
CLOSE_WRITE, DELETE, MOVED_FROM, MOVED_TO, ...).  Only events of the workload
itself are listed; MODIFY (one per write) is not part of the vocabulary.

The timed part of a workload prints one JSON line on stdout:
    {"scenario": "...", "wall_s": 1.234, "expected_events": N}

Sub-commands:
    tree  ROOT --expected F [--files 20000 --dirs 200]
    rmrf-setup ROOT --expected F [--depth 256 --per-level 64 --wide 5000]
    rmrf  ROOT          (times `rm -rf ROOT`; expected file comes from setup)
    million-setup ROOT --expected F [--top 100 --sub 100 --files 100]
    million ROOT        (times `rm -rf ROOT`; expected file comes from setup)
    burst ROOT --expected F [--writers 4 --events 200000]
    steady ROOT --expected F [--rate 1000 --seconds 60]
"""
import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time

PAYLOAD = b"x" * 512


def write_file(path):
    """open(O_CREAT)+write+close: CREATE, (MODIFY), CLOSE_WRITE."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
    try:
        os.write(fd, PAYLOAD)
    finally:
        os.close(fd)


def emit(scenario, wall, n):
    print(json.dumps({"scenario": scenario, "wall_s": round(wall, 6),
                      "expected_events": n}), flush=True)


# --------------------------------------------------------------------- tree
def tree(args):
    """Create, write, rename and delete --files files over --dirs directories.

    Phases (one process, sequential):
      1. mkdir ROOT and the dirs                -> CREATE dir
      2. create+write+close f<i>                -> CREATE, CLOSE_WRITE
      3. rename f<i> -> r<i>; every other file goes to the next directory
                                                -> MOVED_FROM old, MOVED_TO new
      4. unlink r<i>                            -> DELETE new
    File names are unique, so every (type, path) pair occurs exactly once.
    """
    root = args.root
    ev = []
    t0 = time.perf_counter()
    os.mkdir(root)
    ev.append(("CREATE", root))
    dirs = [os.path.join(root, "d%03d" % d) for d in range(args.dirs)]
    for d in dirs:
        os.mkdir(d)
        ev.append(("CREATE", d))
    names = []
    for i in range(args.files):
        p = os.path.join(dirs[i % args.dirs], "f%05d" % i)
        write_file(p)
        ev.append(("CREATE", p))
        ev.append(("CLOSE_WRITE", p))
        names.append(p)
    renamed = []
    for i, old in enumerate(names):
        dst_dir = dirs[(i + (i % 2)) % args.dirs]  # odd i: cross-directory
        new = os.path.join(dst_dir, "r%05d" % i)
        os.rename(old, new)
        ev.append(("MOVED_FROM", old))
        ev.append(("MOVED_TO", new))
        renamed.append(new)
    for p in renamed:
        os.unlink(p)
        ev.append(("DELETE", p))
    wall = time.perf_counter() - t0
    write_expected(args.expected, ev)
    emit("tree", wall, len(ev))


# --------------------------------------------------------------------- rmrf
def rmrf_setup(args):
    """Build (untimed) a deep and a wide tree under ROOT; expected = a DELETE
    for every file and directory, ROOT included, when `rm -rf ROOT` runs.

    The deep chain has --depth levels named l000, l001, ... (5 characters a
    level: at 256 levels the deepest paths are about 1,300 characters long);
    each level holds --per-level files and a side directory `s` with one file,
    besides the next level."""
    root = args.root
    os.mkdir(root)
    d = os.path.join(root, "deep")
    os.mkdir(d)
    for level in range(args.depth):
        for k in range(args.per_level):
            write_file(os.path.join(d, "f%d" % k))
        side = os.path.join(d, "s")
        os.mkdir(side)
        write_file(os.path.join(side, "x"))
        d = os.path.join(d, "l%03d" % level)
        os.mkdir(d)
    wide = os.path.join(root, "wide")
    os.mkdir(wide)
    per_dir = 500
    for i in range(args.wide):
        sub = os.path.join(wide, "w%02d" % (i // per_dir))
        if i % per_dir == 0:
            os.mkdir(sub)
        write_file(os.path.join(sub, "f%05d" % i))
    setup_done(root, args.expected)


def setup_done(root, expected):
    """Writes the DELETEs `rm -rf ROOT` will cause (every file and directory,
    ROOT included) and prints the setup's summary line."""
    n = longest = 0
    with open(expected, "w") as f:
        for dirpath, dirnames, filenames in os.walk(root):
            f.write("DELETE\t%s\n" % dirpath)
            n += 1
            longest = max(longest, len(dirpath))
            for name in filenames:
                p = os.path.join(dirpath, name)
                f.write("DELETE\t%s\n" % p)
                n += 1
                longest = max(longest, len(p))
    os.sync()
    print(json.dumps({"setup_events": n, "longest_path": longest}), flush=True)


def million_setup(args):
    """Build (untimed) --top x --sub directories of --files empty files each
    under ROOT (1,000,000 files in 10,101 directories by default), with
    mknod: one syscall a file."""
    root = args.root
    os.mkdir(root)
    for t in range(args.top):
        top = os.path.join(root, "t%03d" % t)
        os.mkdir(top)
        for s in range(args.sub):
            sub = os.path.join(top, "s%03d" % s)
            os.mkdir(sub)
            for i in range(args.files):
                os.mknod(os.path.join(sub, "f%05d" % i), 0o644)
    setup_done(root, args.expected)


def rmrf(args):
    n = None
    t0 = time.perf_counter()
    subprocess.run(["rm", "-rf", "--", args.root], check=True)
    wall = time.perf_counter() - t0
    emit(args.cmd, wall, n)


# -------------------------------------------------------------------- burst
def _burst_writer(wdir, count, barrier):
    barrier.wait()
    for i in range(count):
        p = os.path.join(wdir, "b%06d" % i)
        write_file(p)
        os.unlink(p)


def burst(args):
    """--writers processes, each create/write/close/unlink small files as fast
    as it can: 3 events per file, --events in total."""
    root = args.root
    os.mkdir(root)
    files_per_writer = args.events // (3 * args.writers)
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(args.writers + 1)
    procs = []
    for w in range(args.writers):
        wdir = os.path.join(root, "w%d" % w)
        os.mkdir(wdir)  # untimed, before the barrier
        p = ctx.Process(target=_burst_writer,
                        args=(wdir, files_per_writer, barrier))
        p.start()
        procs.append(p)
    barrier.wait()
    t0 = time.perf_counter()
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    if any(p.exitcode != 0 for p in procs):
        sys.exit("burst: a writer failed")
    ev = [("CREATE", root)] + [("CREATE", os.path.join(root, "w%d" % w))
                               for w in range(args.writers)]
    for w in range(args.writers):  # deterministic: same names as writers
        wdir = os.path.join(root, "w%d" % w)
        for i in range(files_per_writer):
            p = os.path.join(wdir, "b%06d" % i)
            ev += [("CREATE", p), ("CLOSE_WRITE", p), ("DELETE", p)]
    write_expected(args.expected, ev)
    emit("burst", wall, len(ev))


# -------------------------------------------------------------------- steady
def steady(args):
    """One writer that create/write/close/unlinks small files at --rate events
    per second (3 events a file, on a fixed schedule: a late file is not made up
    for by a faster one) for --seconds."""
    root = args.root
    os.mkdir(root)
    files = args.rate * args.seconds // 3
    gap = 3.0 / args.rate
    ev = [("CREATE", root)]
    t0 = time.perf_counter()
    for i in range(files):
        due = t0 + i * gap
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        p = os.path.join(root, "s%07d" % i)
        write_file(p)
        os.unlink(p)
        ev += [("CREATE", p), ("CLOSE_WRITE", p), ("DELETE", p)]
    wall = time.perf_counter() - t0
    write_expected(args.expected, ev)
    emit("steady", wall, len(ev))


def write_expected(path, ev):
    with open(path, "w") as f:
        for t, p in ev:
            f.write("%s\t%s\n" % (t, p))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("tree")
    s.add_argument("root")
    s.add_argument("--expected", required=True)
    s.add_argument("--files", type=int, default=20000)
    s.add_argument("--dirs", type=int, default=200)
    s.set_defaults(fn=tree)
    s = sub.add_parser("rmrf-setup")
    s.add_argument("root")
    s.add_argument("--expected", required=True)
    s.add_argument("--depth", type=int, default=256)
    s.add_argument("--per-level", type=int, default=64)
    s.add_argument("--wide", type=int, default=5000)
    s.set_defaults(fn=rmrf_setup)
    s = sub.add_parser("rmrf")
    s.add_argument("root")
    s.set_defaults(fn=rmrf)
    s = sub.add_parser("million-setup")
    s.add_argument("root")
    s.add_argument("--expected", required=True)
    s.add_argument("--top", type=int, default=100)
    s.add_argument("--sub", type=int, default=100)
    s.add_argument("--files", type=int, default=100)
    s.set_defaults(fn=million_setup)
    s = sub.add_parser("million")
    s.add_argument("root")
    s.set_defaults(fn=rmrf)
    s = sub.add_parser("burst")
    s.add_argument("root")
    s.add_argument("--expected", required=True)
    s.add_argument("--writers", type=int, default=4)
    s.add_argument("--events", type=int, default=200000)
    s.set_defaults(fn=burst)
    s = sub.add_parser("steady")
    s.add_argument("root")
    s.add_argument("--expected", required=True)
    s.add_argument("--rate", type=int, default=1000)
    s.add_argument("--seconds", type=int, default=60)
    s.set_defaults(fn=steady)
    args = ap.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
