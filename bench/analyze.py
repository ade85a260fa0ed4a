#!/usr/bin/env python3
"""Analysis for the fsmon benchmark (the only analysis script).

    analyze.py sample PID      -> "CPU_SECONDS PEAK_RSS_KIB NPROCS" of the
                                  process tree rooted at PID (see below)
    analyze.py run RUN_DIR     -> parses RUN_DIR/{meta.env,expected.tsv,
                                  monitor.out}, writes RUN_DIR/result.json
    analyze.py report OUT_DIR  -> Markdown tables (stdout) from all
                                  OUT_DIR/raw/<scenario>/<tool>/run*/result.json
    analyze.py pool SCENARIO OUT_DIR...
                               -> the rounds of several run.sh outputs taken
                                  together: each tool's overhead per round
                                  (median, mean) and fsmon against each peer
                                  round by round, with a bootstrap 95 %
                                  interval of the mean ratio

Event matching
--------------
Expected and reported events are reduced to (type, path) pairs and compared
as multisets, only for the event types the tool can express:
  * matched (exact):     reported path == expected path;
  * matched (dir-level): for CREATE/DELETE/MOVED_FROM/MOVED_TO both sides are
                         reduced to the parent directory first (fatrace only
                         reports the directory for these, see README).
"full-path share" = share of reported (comparable) events whose path is the
absolute path of the object itself, under the mount under test.
"""
import collections
import glob
import gzip
import json
import os
import random
import re
import statistics
import sys

VOCAB = ["CLOSE_WRITE", "ATTRIB", "CREATE", "DELETE", "DELETE_SELF",
         "MOVED_FROM", "MOVED_TO", "MOVE_SELF"]
DIRENT_TYPES = {"CREATE", "DELETE", "MOVED_FROM", "MOVED_TO"}
# event types each tool can express (None = no monitor)
TOOL_TYPES = {
    "fatrace": {"CLOSE_WRITE", "CREATE", "DELETE", "MOVED_FROM", "MOVED_TO"},
    "inotifywait": set(VOCAB),
    "fsmon": set(VOCAB),
    "fsmon-uq": set(VOCAB),
    "fsmon-b": set(VOCAB),
}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------ sample
def _children(pid):
    kids = []
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                kids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return kids


def _stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime=14 stime=15 cutime=16 cstime=17
    return [int(x) for x in fields[11:15]]


def _hwm_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def sample(pid):
    """CPU = utime+stime of every live process in the tree + cutime+cstime
    (already reaped children) of each; peak RSS = sum of VmHWM over the tree
    (an upper bound when several processes peak at different times)."""
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += _children(p)
    ticks, hwm, n = 0, 0, 0
    for p in seen:
        try:
            ticks += sum(_stat(p))
            hwm += _hwm_kib(p)
            n += 1
        except OSError:
            pass
    print("%.2f %d %d" % (ticks / CLK_TCK, hwm, n))


# -------------------------------------------------------------------- run
def _open(path):
    if os.path.exists(path):
        return open(path, errors="replace")
    if os.path.exists(path + ".gz"):
        return gzip.open(path + ".gz", "rt", errors="replace")
    return None


def read_meta(run_dir):
    meta = {}
    with open(os.path.join(run_dir, "meta.env")) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v
    return meta


def parse_fsmon(f):
    """-> list of (type, path, object_level) ; counts of extra info"""
    events, info = [], collections.Counter()
    for line in f:
        line = line.strip()
        if not line:
            continue
        try:
            o = json.loads(line)
        except ValueError:
            info["malformed_lines"] += 1
            continue
        t = o.get("event_type")
        if t == "OVERFLOW":
            info["overflows"] += 1
            continue
        events.append((t, o.get("path") or "", True))
    return events, info


FATRACE_RE = re.compile(
    r"^(?:\d+\.\d+ |\d\d:\d\d:\d\d\.\d+ )?(?P<comm>.*)\((?P<pid>\d+)\): "
    r"(?P<flags>[RCOWD+<>]+)\s+(?P<path>.*)$")


def parse_fatrace(f):
    """Map fatrace 0.17 flags onto fsmon's vocabulary (README, 'fatrace
    mapping'):  C+W -> CLOSE_WRITE (file path);  + -> CREATE, D -> DELETE,
    < -> MOVED_FROM, > -> MOVED_TO (path of the *parent directory*);
    W alone (MODIFY), C alone (CLOSE_NOWRITE), O, R -> not compared."""
    events, info = [], collections.Counter()
    for line in f:
        m = FATRACE_RE.match(line.rstrip("\n"))
        if not m:
            info["malformed_lines"] += 1
            continue
        fl, path = m.group("flags"), m.group("path")
        if path == "(deleted)" or path.startswith("device "):
            path = ""  # fatrace could not resolve the path
        if "C" in fl and "W" in fl:
            events.append(("CLOSE_WRITE", path, True))
        elif "W" in fl:
            info["modify_only"] += 1
        elif "C" in fl:
            info["close_nowrite"] += 1
        for flag, t in (("+", "CREATE"), ("D", "DELETE"),
                        ("<", "MOVED_FROM"), (">", "MOVED_TO")):
            if flag in fl:
                events.append((t, path, False))
    return events, info


def parse_inotifywait(f):
    """Lines of `inotifywait -m -r --format '%e %w%f'`: a comma list of
    events ("CREATE,ISDIR", "CLOSE_WRITE,CLOSE") and the full path; a watched
    directory's own events (DELETE_SELF, MOVE_SELF) end in "/". One line may
    carry several of our types; flags such as ISDIR and CLOSE are not events."""
    events, info = [], collections.Counter()
    for line in f:
        line = line.rstrip("\n")
        if not line:
            continue
        names, sep, path = line.partition(" ")
        if not sep:
            info["malformed_lines"] += 1
            continue
        if len(path) > 1:
            path = path.rstrip("/")
        for t in names.split(","):
            if t in VOCAB:
                events.append((t, path, True))
            elif t == "Q_OVERFLOW":
                info["overflows"] += 1
    return events, info


PARSERS = {"fatrace": parse_fatrace, "inotifywait": parse_inotifywait}


def under(path, mnt):
    return path == mnt or path.startswith(mnt.rstrip("/") + "/")


def dir_key(t, path):
    return (t, os.path.dirname(path)) if t in DIRENT_TYPES else (t, path)


def analyze_run(run_dir):
    meta = read_meta(run_dir)
    tool, mnt = meta["tool"], meta["mnt"]
    res = {k: meta.get(k) for k in ("scenario", "tool", "run", "status",
                                    "wall_s", "cpu_s", "hwm_kib", "ready_s",
                                    "drain_s", "stop_s", "exit_code",
                                    "summary")}
    types = TOOL_TYPES.get(tool)
    if types is None or meta.get("status") != "ok":
        with open(os.path.join(run_dir, "result.json"), "w") as f:
            json.dump(res, f, indent=1)
        return res
    expected = collections.Counter()
    with _open(os.path.join(run_dir, "expected.tsv")) as f:
        for line in f:
            t, p = line.rstrip("\n").split("\t", 1)
            if t in types:
                expected[(t, p)] += 1
    f = _open(os.path.join(run_dir, "monitor.out"))
    if f is None:
        events, info = [], collections.Counter(missing_output=1)
    else:
        with f:
            events, info = PARSERS.get(tool, parse_fsmon)(f)
    cmp_events = [e for e in events if e[0] in types]
    info["other_types"] = len(events) - len(cmp_events)
    # exact matches only for events that name the object itself (fatrace's
    # directory-level events name the parent and could match by accident)
    reported = collections.Counter((t, p) for t, p, obj in cmp_events if obj)
    exact = sum((expected & reported).values())
    exp_dir = collections.Counter()
    for (t, p), n in expected.items():
        exp_dir[dir_key(t, p)] += n
    rep_dir = collections.Counter()
    for t, p, obj in cmp_events:
        rep_dir[dir_key(t, p) if obj else (t, p)] += 1
    dirlevel = sum((exp_dir & rep_dir).values())
    full = sum(1 for t, p, obj in cmp_events if obj and under(p, mnt))
    per_type = {}
    for t in sorted(types):
        e = sum(n for (tt, _), n in expected.items() if tt == t)
        r = sum(1 for tt, _, _ in cmp_events if tt == t)
        m = sum(n for (tt, _), n in (expected & reported).items() if tt == t)
        if e or r:
            per_type[t] = {"expected": e, "reported": r, "matched": m}
    res.update({
        "expected": sum(expected.values()),
        "reported": len(cmp_events),
        "matched_exact": exact,
        "matched_dir": dirlevel,
        "full_path_share": (full / len(cmp_events)) if cmp_events else None,
        "per_type": per_type,
        "info": dict(info),
    })
    with open(os.path.join(run_dir, "result.json"), "w") as f:
        json.dump(res, f, indent=1)
    return res


# ----------------------------------------------------------------- report
def _num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _med(rs, key):
    vals = [v for v in (_num(r.get(key)) for r in rs) if v is not None]
    return statistics.median(vals) if vals else None


def _fmt(v, spec):
    return "–" if v is None else format(v, spec)


TOOL_ORDER = ["none", "fatrace", "inotifywait", "fsmon", "fsmon-uq", "fsmon-b"]
COLS = ["tool", "runs", "wall s", "overhead", "mon CPU s", "peak RSS MiB",
        "ready s", "drain s", "expected", "reported", "matched exact",
        "matched dir-level", "full-path", "overflows"]


def report(out_dir):
    runs = collections.defaultdict(list)
    for p in sorted(glob.glob(os.path.join(out_dir, "raw", "*", "*", "run*",
                                           "result.json"))):
        with open(p) as f:
            r = json.load(f)
        runs[(r["scenario"], r["tool"])].append(r)
    scenarios = []
    for s in ("tree", "rmrf", "burst", "million"):
        if any(k[0] == s for k in runs):
            scenarios.append(s)
    lines = []
    for s in scenarios:
        lines += ["", "### Scenario `%s`" % s, "",
                  "| " + " | ".join(COLS) + " |",
                  "|" + "|".join("---" for _ in COLS) + "|"]
        tools = sorted({k[1] for k in runs if k[0] == s},
                       key=lambda t: TOOL_ORDER.index(t)
                       if t in TOOL_ORDER else 99)
        base = _med([r for r in runs.get((s, "none"), [])
                     if r.get("status") == "ok"], "wall_s")
        notes = []
        for t in tools:
            allr = runs[(s, t)]
            ok = [r for r in allr if r.get("status") == "ok"]
            if not ok:
                st = allr[0].get("status") or "failed"
                lines.append("| %s | 0/%d | %s |" % (t, len(allr), st)
                             + " |" * (len(COLS) - 3))
                continue
            for r in allr:
                if r.get("status") != "ok":
                    notes.append("%s run %s: %s" % (t, r.get("run"),
                                                   r.get("status")))
            wall = _med(ok, "wall_s")
            row = [t, "%d/%d" % (len(ok), len(allr)), _fmt(wall, ".3f"),
                   _fmt(wall / base if base and wall else None, ".2f") +
                   ("×" if base and wall else "")]
            if t == "none":
                row += ["–"] * (len(COLS) - len(row))
            else:
                hwm = _med(ok, "hwm_kib")
                exp = _med(ok, "expected")
                mex = _med(ok, "matched_exact")
                mdl = _med(ok, "matched_dir")
                fp = _med(ok, "full_path_share")

                def pct(m):
                    if m is None or not exp:
                        return _fmt(m, ".0f")
                    return "%d (%.1f%%)" % (m, 100.0 * m / exp)
                ovf = statistics.median(
                    [r.get("info", {}).get("overflows", 0) for r in ok])
                row += [_fmt(_med(ok, "cpu_s"), ".2f"),
                        _fmt(hwm / 1024 if hwm is not None else None, ".1f"),
                        _fmt(_med(ok, "ready_s"), ".3f"),
                        _fmt(_med(ok, "drain_s"), ".1f"),
                        _fmt(exp, ".0f"), _fmt(_med(ok, "reported"), ".0f"),
                        pct(mex), pct(mdl),
                        _fmt(100 * fp if fp is not None else None, ".1f")
                        + ("%" if fp is not None else ""),
                        _fmt(ovf, ".0f")]
            lines.append("| " + " | ".join(row) + " |")
        for n in notes:
            lines.append("")
            lines.append("* " + n)
        lines += _pairs(runs, s, tools)
    print("\n".join(lines))


def _pairs(runs, scenario, tools):
    """fsmon against each peer, run by run: the runs of one repetition are
    interleaved, so a pair shares the host's state of the moment, which the
    medians alone hide."""
    def walls(tool):
        return {r.get("run"): _num(r.get("wall_s"))
                for r in runs.get((scenario, tool), [])
                if r.get("status") == "ok" and _num(r.get("wall_s"))}
    out = []
    mine = walls("fsmon")
    for peer in tools:
        if peer in ("none", "fsmon"):
            continue
        theirs = walls(peer)
        both = sorted(set(mine) & set(theirs), key=lambda k: int(k))
        if not both:
            continue
        wins = sum(1 for k in both if mine[k] <= theirs[k])
        ratios = sorted(mine[k] / theirs[k] for k in both)
        out += ["", "fsmon against %s, run by run: as fast or faster in %d of "
                "%d pairs; fsmon's wall time / %s's: median %.2f, range "
                "%.2f-%.2f." % (peer, wins, len(both), peer,
                                statistics.median(ratios), ratios[0],
                                ratios[-1])]
    return out


def pool(scenario, out_dirs):
    """Rounds of several runs of run.sh together. A round is one repetition
    of every tool, so each tool's wall time is divided by the no-monitor run
    of its own round."""
    rounds = []  # {tool: wall} per round
    for d in out_dirs:
        by_run = collections.defaultdict(dict)
        for p in glob.glob(os.path.join(d, "raw", scenario, "*", "run*",
                                        "result.json")):
            with open(p) as f:
                r = json.load(f)
            w = _num(r.get("wall_s"))
            if r.get("status") == "ok" and w:
                by_run[r.get("run")][r["tool"]] = w
        rounds += [t for _, t in sorted(by_run.items(),
                                         key=lambda kv: int(kv[0]))
                   if "none" in t]
    if not rounds:
        sys.exit("pool: no complete rounds of %s in %s" % (scenario,
                                                           " ".join(out_dirs)))
    tools = sorted({t for r in rounds for t in r if t != "none"},
                   key=lambda t: TOOL_ORDER.index(t) if t in TOOL_ORDER else 99)
    print("%d rounds of %s from %s" % (len(rounds), scenario,
                                        " ".join(out_dirs)))
    for t in tools:
        ov = [r[t] / r["none"] for r in rounds if t in r]
        print("  %s: overhead median %.3fx, mean %.3fx over %d rounds; "
              "wall s summed %.2f (none %.2f)" % (
                  t, statistics.median(ov), statistics.mean(ov), len(ov),
                  sum(r[t] for r in rounds if t in r),
                  sum(r["none"] for r in rounds if t in r)))
    rng = random.Random(1)
    for peer in tools:
        if peer == "fsmon":
            continue
        ratios = [r["fsmon"] / r[peer] for r in rounds
                  if "fsmon" in r and peer in r]
        if not ratios:
            continue
        means = sorted(statistics.mean(rng.choice(ratios) for _ in ratios)
                       for _ in range(10000))
        print("  fsmon against %s: as fast or faster in %d of %d rounds; "
              "wall ratio median %.3f, mean %.3f (95%% interval %.3f-%.3f)"
              % (peer, sum(1 for x in ratios if x <= 1), len(ratios),
                 statistics.median(ratios), statistics.mean(ratios),
                 means[250], means[9749]))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "pool":
        pool(sys.argv[2], sys.argv[3:])
        return
    if len(sys.argv) != 3 or sys.argv[1] not in ("sample", "run", "report"):
        sys.exit(__doc__)
    cmd, arg = sys.argv[1:]
    if cmd == "sample":
        sample(int(arg))
    elif cmd == "run":
        r = analyze_run(arg)
        print(json.dumps({k: r.get(k) for k in (
            "status", "wall_s", "expected", "reported", "matched_exact",
            "matched_dir")}))
    else:
        report(arg)


if __name__ == "__main__":
    main()
