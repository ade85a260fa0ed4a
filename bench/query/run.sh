#!/usr/bin/env bash
# Query benchmark: a one-hour window, and a full scan with a path filter against jq and grep -F.
#   bench/query/run.sh [HISTORY_DIR]     (default /dev/shm/fsmon-bench; generated when missing)
# RUNS (default 5) repetitions each, jq JQ_RUNS (default 1) times; prints wall-clock median and
# minimum and the CPU time (user+sys) of the median run, and the number of lines each printed.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-/dev/shm/fsmon-bench}"
runs="${RUNS:-5}"
jq_runs="${JQ_RUNS:-1}"
java="${JAVA:-}"
if [ -z "$java" ]; then
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$d" ] && [ -x "$d/bin/java" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then java="$d/bin/java"; break; fi
  done
fi
[ -n "$java" ] || { echo "no JDK >= 25 found; set JAVA" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq missing: apt-get install -y jq" >&2; exit 1; }
[ -f "$repo/cli/target/fsmon.jar" ] || (cd "$repo" && ./mvnw -q -o -DskipTests -Dmaven.javadoc.skip=true package)
if [ ! -d "$dir" ]; then
  echo "generating a 1 GiB history in $dir ..." >&2
  "$java" -cp "$repo/cli/target/fsmon.jar" "$repo/bench/query/Generate.java" "$dir" 1024 7 >&2
fi
fsmon=("$java" --enable-native-access=ALL-UNNAMED -jar "$repo/cli/target/fsmon.jar")
out=$(mktemp)
tf=$(mktemp)
trap 'rm -f "$out" "$tf"' EXIT
cat "$dir"/*.jsonl* > /dev/null # page cache warm, as for a history queried more than once

# measure NAME N CMD...: runs CMD N times with stdout to a file (never /dev/null: GNU grep stops at
# the first match when its output is /dev/null), reports median/min wall time and median CPU time.
measure() {
  local name="$1" n="$2"; shift 2
  local walls=() cpus=() lines=0 i
  for ((i = 0; i < n; i++)); do
    local t
    /usr/bin/time -o "$tf" -f "%e %U %S" "$@" > "$out" 2>/dev/null || true
    t=$(tail -1 "$tf")
    walls+=("$(echo "$t" | awk '{print $1}')")
    cpus+=("$(echo "$t" | awk '{printf "%.2f", $2 + $3}')")
    lines=$(wc -l < "$out")
  done
  local med min cpu
  med=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  min=$(printf '%s\n' "${walls[@]}" | sort -n | head -1)
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-34s median %6.2f s  min %6.2f s  cpu %6.2f s  lines %d\n' "$name" "$med" "$min" "$cpu" "$lines"
}

path=/etc/resolv.conf
echo "history: $(du -sh "$dir" | cut -f1) in $(ls "$dir" | wc -l) files, $(cat "$dir"/*.jsonl | wc -l) lines; load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "fsmon --help (JVM start)" "$runs" "${fsmon[@]}" --help
measure "fsmon query 1h window" "$runs" "${fsmon[@]}" query --history "$dir" \
  --since 2026-05-04T10:00:00Z --until 2026-05-04T11:00:00Z -f json
measure "fsmon query 1h window + path" "$runs" "${fsmon[@]}" query --history "$dir" --path "$path" \
  --since 2026-05-04T10:00:00Z --until 2026-05-04T11:00:00Z -f json
measure "fsmon query --path (full scan)" "$runs" "${fsmon[@]}" query --history "$dir" --path "$path" -f json
launcher=("$repo/fsmon")
measure "./fsmon launcher: --help" "$runs" "${launcher[@]}" --help
measure "./fsmon launcher: 1h window" "$runs" "${launcher[@]}" query --history "$dir" \
  --since 2026-05-04T10:00:00Z --until 2026-05-04T11:00:00Z -f json
measure "./fsmon launcher: --path (full)" "$runs" "${launcher[@]}" query --history "$dir" --path "$path" -f json
measure "grep -F (full scan)" "$runs" grep -F -h "$path" "$dir"/*.jsonl
measure "LC_ALL=C grep -F (full scan)" "$runs" env LC_ALL=C grep -F -h "$path" "$dir"/*.jsonl
measure "jq select path (full scan)" "$jq_runs" jq -c --arg p "$path" \
  'select(.path == $p or .old_path == $p)' "$dir"/*.jsonl
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
