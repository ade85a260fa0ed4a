#!/usr/bin/env bash
# Start-up time and footprint of `fsmon monitor`: the wall time from starting ./fsmon (launcher
# included) to its stderr line "fsmon: watching ...", read through a pipe as it is written (no
# polling that would compete with the JVM for the CPU), and the RSS once watching. Needs root.
#
#   sudo bench/startup.sh [RUNS]        (default 10; the first run after a build trains the AOT
#                                        cache and is reported apart)
# Environment: FSMON, the launcher to time (default <repo>/fsmon; e.g. a copy with other JVM
# flags, to compare two in turn).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
fsmon="${FSMON:-$here/fsmon}"
[ "$(id -u)" -eq 0 ] || { echo "startup.sh: must run as root (fanotify)" >&2; exit 1; }
work="$(mktemp -d /tmp/fsmon-bench-startup.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/watched"

# One start: prints "SECONDS RSS_KB"; the monitor is stopped with SIGTERM once it is watching.
one() {
  local s fifo="$work/err" p line t= rss=
  mkfifo "$fifo"
  s=$EPOCHREALTIME
  "$fsmon" monitor "$work/watched" 2>"$fifo" >/dev/null &
  p=$!
  while IFS= read -r line; do
    case $line in
      "fsmon: watching "*)
        t=$(awk -v a="$EPOCHREALTIME" -v b="$s" 'BEGIN { printf "%.3f", a - b }')
        rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status")
        kill -TERM "$p" ;;
    esac
  done < "$fifo"
  wait "$p" || true
  rm -f "$fifo"
  echo "$t $rss"
}

# Make sure the jar is built and the AOT cache trained before timing.
"$fsmon" --version >/dev/null
echo "warm-up run (may build the jar or train the AOT cache): $(one)"
while [ -e "$here/cli/target/fsmon-monitor.aot.training" ]; do sleep 0.2; done

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
for ((i = 1; i <= runs; i++)); do
  r=$(one)
  echo "run $i: ${r% *} s to watching, RSS ${r#* } kB"
  results+=("$r")
done
printf '%s\n' "${results[@]}" | sort -n | awk '
  { t[NR] = $1; r[NR] = $2 }
  END { printf "start to watching: min %.3f s, median %.3f s, max %.3f s over %d runs; RSS when watching: median %d kB\n",
        t[1], t[int((NR + 1) / 2)], t[NR], NR, r[int((NR + 1) / 2)] }'
