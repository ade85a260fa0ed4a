#!/usr/bin/env bash
# fsmon benchmark harness -- see bench/README.md.
#
#   sudo bench/run.sh [--quick] [--out DIR] [--tmpfs] [--runs N]
#                     [--tools none,fatrace,inotifywait,fsmon[,fsmon-uq,fsmon-b]]
#                     [--scenarios tree,rmrf,burst[,million]]
#                     [--shuffle]
#
# Environment: FSMON (default: <repo>/fsmon), FSMON_ARGS (extra monitor args),
#              FSMON_B (another build's launcher, run as the tool fsmon-b, to compare two builds),
#              BENCH_TMP (where images/mounts are created, default /tmp).
set -euo pipefail
export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
FSMON=${FSMON:-$REPO/fsmon}
FSMON_ARGS=${FSMON_ARGS:-}
FSMON_B=${FSMON_B:-}
OUT=$BENCH_DIR/out
RUNS=3
FSTYPE=ext4
TOOLS=none,fatrace,inotifywait,fsmon
SCENARIOS=tree,rmrf,burst
SHUFFLE=
READY_TIMEOUT=60      # s to wait for "fsmon: watching"
DRAIN_TIMEOUT=300     # s to wait for the monitor to go quiet
STOP_TIMEOUT=60       # s to wait for exit after SIGINT
SETTLE=1              # s from a monitor's spawn to the workload, the same for every tool:
                      # fatrace prints no ready line, and a JVM still compiles for ~0.2 s
                      # after its ready line

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
        --quick) RUNS=1 ;;
        --out) OUT=$2; shift ;;
        --tmpfs) FSTYPE=tmpfs ;;
        --runs) RUNS=$2; shift ;;
        --tools) TOOLS=$2; shift ;;
        --scenarios) SCENARIOS=$2; shift ;;
        --shuffle) SHUFFLE=1 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (try --help)" ;;
    esac
    shift
done
[ "$(id -u)" -eq 0 ] || die "must run as root (fanotify, mount)"
for c in python3 mkfs.ext4 mount umount; do
    command -v $c >/dev/null || die "$c not found"
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY="python3 $BENCH_DIR/workload.py"
AN="python3 $BENCH_DIR/analyze.py"

# ----------------------------------------------------------- tool availability
declare -A UNAVAILABLE=()
if ! command -v fatrace >/dev/null; then
    UNAVAILABLE[fatrace]="fatrace: not available (apt-get install fatrace)"
fi
if ! command -v inotifywait >/dev/null; then
    UNAVAILABLE[inotifywait]="inotifywait: not available (apt-get install inotify-tools)"
fi
if [ ! -x "$FSMON" ]; then
    UNAVAILABLE[fsmon]="fsmon: not available ($FSMON)"
    UNAVAILABLE[fsmon-uq]="fsmon: not available ($FSMON)"
fi
if [ -z "$FSMON_B" ] || [ ! -x "$FSMON_B" ]; then
    UNAVAILABLE[fsmon-b]="fsmon-b: not available (FSMON_B=${FSMON_B:-unset})"
fi

# ------------------------------------------------------------ fresh filesystem
WORK= MNT= MON_PID= ERR_PID=
cleanup() {
    if [ -n "$MON_PID" ] && kill -0 "$MON_PID" 2>/dev/null; then
        kill -TERM "$MON_PID" 2>/dev/null || true
        sleep 1
        kill -KILL "$MON_PID" 2>/dev/null || true
    fi
    MON_PID=
    if [ -n "$MNT" ] && mountpoint -q "$MNT"; then
        umount "$MNT" || umount -l "$MNT" || true
    fi
    [ -n "$WORK" ] && rm -rf "$WORK"
    WORK= MNT=
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fresh_fs() {
    sync  # flush the previous run's teardown so it does not bleed into this one
    WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/fsmon-bench.XXXXXX")
    MNT=$WORK/mnt
    mkdir "$MNT"
    if [ "$FSTYPE" = tmpfs ]; then
        mount -t tmpfs -o size=2g,mode=755 tmpfs "$MNT"
    else
        truncate -s 2G "$WORK/fs.img"
        # million: 1,000,000 files need more inodes than mkfs gives 2 GiB by default (131,072)
        # shellcheck disable=SC2086
        mkfs.ext4 -q -F ${MKFS_ARGS:-} "$WORK/fs.img"
        mount -o loop "$WORK/fs.img" "$MNT"
    fi
}

# ------------------------------------------------------------------- helpers
now() { echo "$EPOCHREALTIME"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

# CPU ticks of PID and its direct children (cheap; used for quiescence only)
tree_ticks() {
    local p t=0 f
    for p in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        f=$(cat /proc/"$p"/stat 2>/dev/null) || continue
        f=${f##*) }
        set -- $f
        t=$((t + ${12} + ${13}))
    done
    echo $t
}

# Wait until the monitor has drained: output size unchanged and < 5 CPU ticks
# per 0.5 s, twice in a row. Prints seconds from $1 to the last activity seen.
wait_quiet() {
    local t_end=$1 file=$2 quiet=0 size ticks psize=-1 pticks=-1 last
    last=$(now)
    while [ $quiet -lt 2 ]; do
        kill -0 "$MON_PID" 2>/dev/null || break
        size=$(stat -c %s "$file" 2>/dev/null || echo 0)
        ticks=$(tree_ticks "$MON_PID")
        if [ "$size" = "$psize" ] && [ $((ticks - pticks)) -lt 5 ]; then
            quiet=$((quiet + 1))
        else
            quiet=0
            last=$(now)
        fi
        psize=$size pticks=$ticks
        if [ "$(sub "$(now)" "$t_end" | cut -d. -f1)" -gt $DRAIN_TIMEOUT ]; then
            log "  monitor still busy after ${DRAIN_TIMEOUT}s, stopping anyway"
            break
        fi
        sleep 0.5
    done
    local d
    d=$(sub "$last" "$t_end")
    case $d in -*) d=0.000 ;; esac
    echo "$d"
}

# SIGINT, wait for exit (escalate to TERM/KILL). Sets STOP_S, EXIT_CODE.
stop_monitor() {
    local t0 i
    t0=$(now)
    kill -INT "$MON_PID" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
        kill -0 "$MON_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$MON_PID" 2>/dev/null; then
        log "  monitor ignored SIGINT for ${STOP_TIMEOUT}s: SIGTERM/SIGKILL"
        kill -TERM "$MON_PID" 2>/dev/null || true
        sleep 2
        kill -KILL "$MON_PID" 2>/dev/null || true
    fi
    EXIT_CODE=0
    wait "$MON_PID" || EXIT_CODE=$?
    STOP_S=$(sub "$(now)" "$t0")
    MON_PID=
    # fsmon's stderr reader ends with the monitor: wait for it, so monitor.err is complete
    if [ -n "${ERR_PID:-}" ]; then
        wait "$ERR_PID" 2>/dev/null || true
        ERR_PID=
    fi
}

# Background jobs of a non-interactive shell start with SIGINT ignored, and a
# JVM keeps an inherited SIG_IGN -- so restore the default before exec.
UNIGNORE=(env --default-signal=INT,QUIT)

# start_with_ready_line RUN_DIR PREFIX CMD... -> starts CMD with stdout to monitor.out; sets
# MON_PID, ERR_PID and READY_S (spawn to the first stderr line starting with PREFIX); returns 1
# when that line does not come. The stderr goes through a reader that copies it to monitor.err
# and notes the time of that line as it is written: no polling process competes with the
# starting monitor for the CPU.
start_with_ready_line() {
    local run=$1 prefix=$2 t1=
    shift 2
    rm -f "$run/err.fifo" "$run/ready.fifo"
    mkfifo "$run/err.fifo" "$run/ready.fifo"
    exec 3<>"$run/ready.fifo"
    (
        said=
        while IFS= read -r line; do
            printf '%s\n' "$line"
            if [ -z "$said" ] && [[ $line == "$prefix"* ]]; then
                echo "$EPOCHREALTIME" >&3
                said=1
            fi
        done <"$run/err.fifo" >"$run/monitor.err"
        [ -n "$said" ] || echo failed >&3
    ) &
    ERR_PID=$!
    SPAWN_T=$(now)
    "${UNIGNORE[@]}" "$@" >"$run/monitor.out" 2>"$run/err.fifo" </dev/null &
    MON_PID=$!
    read -r -t "$READY_TIMEOUT" -u 3 t1 || true
    exec 3>&-
    rm -f "$run/err.fifo" "$run/ready.fifo" # both ends are open by now
    case $t1 in
        [0-9]*) READY_S=$(sub "$t1" "$SPAWN_T"); return 0 ;;
        *) kill -0 "$MON_PID" 2>/dev/null && stop_monitor; wait "$ERR_PID" 2>/dev/null; ERR_PID=; return 1 ;;
    esac
}

# settle -> sleeps until SETTLE s after SPAWN_T, so that every tool has had the same time to
# start (and finish starting) when the workload begins
settle() {
    local left
    left=$(sub "$SETTLE" "$(sub "$(now)" "$SPAWN_T")")
    case $left in -*|0.000) ;; *) sleep "$left" ;; esac
}

# start_monitor TOOL RUN_DIR -> sets MON_PID, READY_S; returns 1 on failure
start_monitor() {
    local tool=$1 run=$2
    READY_S=
    case $tool in
    fatrace)
        # -c: only the mount of the cwd (the fresh fs); -t -t: epoch stamps;
        # -f CWD+<: close/write, delete, create, move (both directions).
        SPAWN_T=$(now)
        (cd "$MNT" && exec "${UNIGNORE[@]}" fatrace -c -t -t -f 'CWD+<' -o "$run/monitor.out") \
            2>"$run/monitor.err" &
        MON_PID=$!
        ;;
    inotifywait)
        # -r: a watch per directory, added as inotifywait sees each new directory; the same 8
        # event types fsmon reports by default; %w%f is the full path. Ready once it says
        # "Watches established." on stderr.
        start_with_ready_line "$run" "Watches established." \
            inotifywait -m -r -e close_write,attrib,create,delete,delete_self,moved_from,moved_to,move_self \
            --format '%e %w%f' "$MNT" || return 1
        ;;
    fsmon|fsmon-uq|fsmon-b)
        local extra=() launcher=$FSMON
        [ "$tool" = fsmon-uq ] && extra=(--unlimited-queue)
        [ "$tool" = fsmon-b ] && launcher=$FSMON_B
        # shellcheck disable=SC2086
        start_with_ready_line "$run" "fsmon: watching" \
            "$launcher" monitor "$MNT" -r -f json "${extra[@]}" $FSMON_ARGS || return 1
        ;;
    esac
    settle
    kill -0 "$MON_PID" 2>/dev/null || return 1
}

# run_one SCENARIO TOOL K
run_one() {
    local sc=$1 tool=$2 k=$3 run status=ok wl= wall= run_mnt=
    run=$OUT/raw/$sc/$tool/run$k
    rm -rf "$run"
    mkdir -p "$run"
    CPU_S= HWM= READY_S= DRAIN_S= STOP_S= EXIT_CODE=
    if [ -n "${UNAVAILABLE[$tool]:-}" ]; then
        status=${UNAVAILABLE[$tool]}
    else
        MKFS_ARGS=
        [ "$sc" = million ] && MKFS_ARGS="-N 1100000"
        fresh_fs
        run_mnt=$MNT
        # untimed setup
        case $sc in
        rmrf) $PY rmrf-setup "$MNT/rmrf" --expected "$run/expected.tsv" \
                  >"$run/setup.out" ;;
        million) $PY million-setup "$MNT/million" --expected "$run/expected.tsv" \
                  >"$run/setup.out" ;;
        esac
        sync
        if [ "$tool" != none ] && ! start_monitor "$tool" "$run"; then
            status="$tool failed to start: $(tail -n1 "$run/monitor.err" 2>/dev/null | tr -d '\n' | cut -c1-120)"
            [ -n "$MON_PID" ] && stop_monitor
        else
            case $sc in
            tree)  wl=$($PY tree "$MNT/tree" --expected "$run/expected.tsv") ;;
            rmrf)  wl=$($PY rmrf "$MNT/rmrf") ;;
            million) wl=$($PY million "$MNT/million") ;;
            burst) wl=$($PY burst "$MNT/burst" --expected "$run/expected.tsv") ;;
            esac || status="workload failed"
            local t_end
            t_end=$(now)
            echo "$wl" >"$run/workload.json"
            [ -n "$wl" ] && wall=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["wall_s"])' "$wl")
            if [ "$tool" != none ]; then
                if kill -0 "$MON_PID" 2>/dev/null; then
                    DRAIN_S=$(wait_quiet "$t_end" "$run/monitor.out")
                    read -r CPU_S HWM _ < <($AN sample "$MON_PID")
                elif [ "$status" = ok ]; then
                    status="$tool died during the workload"
                fi
                stop_monitor
            fi
        fi
        cleanup
    fi
    {
        echo "scenario=$sc"; echo "tool=$tool"; echo "run=$k"
        echo "status=$status"; echo "mnt=$run_mnt"
        echo "wall_s=$wall"; echo "cpu_s=$CPU_S"; echo "hwm_kib=$HWM"
        echo "ready_s=$READY_S"; echo "drain_s=$DRAIN_S"; echo "stop_s=$STOP_S"
        echo "exit_code=$EXIT_CODE"
        echo "summary=$(grep -v '^fsmon: watching' "$run/monitor.err" 2>/dev/null | tail -n1 | tr -d '\n' | cut -c1-300)"
    } >"$run/meta.env"
    log "  $sc/$tool/run$k: $($AN run "$run")"
    # keep raw logs, compressed
    for f in "$run/expected.tsv" "$run/monitor.out"; do
        [ -s "$f" ] && gzip -f "$f"
    done
    return 0
}

# ------------------------------------------------------------------------ main
{
    echo "# fsmon benchmark results"
    echo
    echo "* date: $(date -u +%FT%TZ), host: $(uname -srm), CPUs: $(nproc)"
    echo "* filesystem: fresh $FSTYPE per run$([ "$FSTYPE" = ext4 ] && echo ' (2 GiB sparse loop image)'), runs per tool: $RUNS (median)"
    echo "* fatrace: $(dpkg-query -W -f '${Version}' fatrace 2>/dev/null || echo '?'), inotify-tools: $(dpkg-query -W -f '${Version}' inotify-tools 2>/dev/null || echo '?'), FSMON=$FSMON${UNAVAILABLE[fsmon]:+ (not available)}${FSMON_B:+, FSMON_B=$FSMON_B}${FSMON_ARGS:+, FSMON_ARGS=$FSMON_ARGS}"
    echo "* tools: $TOOLS; scenarios: $SCENARIOS"
    echo "* load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other load on the machine makes wall times noisy)"
} >"$OUT/header.md"
cat "$OUT/header.md" >&2

IFS=, read -r -a TOOL_LIST <<<"$TOOLS"
IFS=, read -r -a SC_LIST <<<"$SCENARIOS"
for sc in "${SC_LIST[@]}"; do
    case $sc in tree|rmrf|burst|million) ;; *) die "unknown scenario $sc" ;; esac
    rm -rf "$OUT/raw/$sc"
    log "scenario $sc"
    # interleave tools within each repetition so drift hits all tools alike; --shuffle also
    # changes their order from one repetition to the next, so that no tool always follows the
    # same one (a run's teardown may weigh on the next)
    for ((k = 1; k <= RUNS; k++)); do
        order=("${TOOL_LIST[@]}")
        [ -n "$SHUFFLE" ] && mapfile -t order < <(printf '%s\n' "${TOOL_LIST[@]}" | shuf)
        for tool in "${order[@]}"; do
            case $tool in none|fatrace|inotifywait|fsmon|fsmon-uq|fsmon-b) ;; *) die "unknown tool $tool" ;; esac
            run_one "$sc" "$tool" "$k"
        done
    done
done

{
    cat "$OUT/header.md"
    $AN report "$OUT"
    echo
    echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Columns are explained in bench/README.md. Raw logs: $OUT/raw/"
} >"$OUT/results.md"
cat "$OUT/results.md"
