#!/usr/bin/env bash
# Query benchmark: a one-hour window, and every single-field filter of query (and changes with a
# glob) over the whole week, in the three output formats, beside grep -F of the filter's literal
# (and jq once).
#   bench/query/run.sh [HISTORY_DIR]     (default /dev/shm/fsmon-bench; generated when missing)
# and --host over a central history of 4 hosts (fsmon collect's layout, HISTORY_DIR-central, 1 GiB
# in all; generated when missing).
# RUNS (default 5) repetitions each, jq JQ_RUNS (default 1) times; prints wall-clock medians, the
# median CPU time (user+sys) where one command is measured, and the number of lines printed.
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

# time N CMD...: runs CMD N times with stdout to a file (never /dev/null: GNU grep stops at the
# first match when its output is /dev/null); prints "MEDIAN_WALL MEDIAN_CPU LINES".
time_it() {
  local n="$1"; shift
  local walls=() cpus=() lines=0 i t
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -o "$tf" -f "%e %U %S" "$@" > "$out" 2>/dev/null || true
    t=$(tail -1 "$tf")
    walls+=("$(echo "$t" | awk '{print $1}')")
    cpus+=("$(echo "$t" | awk '{printf "%.2f", $2 + $3}')")
    lines=$(wc -l < "$out")
  done
  printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$lines"
}

# measure NAME N CMD...: one line with the median and CPU of CMD.
measure() {
  local name="$1" n="$2"; shift 2
  local r; r=($(time_it "$n" "$@"))
  printf '%-44s median %6.2f s  cpu %6.2f s  lines %d\n' "$name" "${r[0]}" "${r[1]}" "${r[2]}"
}

# row QUESTION LITERAL LIMIT FSMON_ARGS...: the question through ./fsmon in the three formats, beside
# grep -F of LITERAL on the same files; the slowest format's median over grep's, against LIMIT.
row() {
  local q="$1" lit="$2" limit="$3"; shift 3
  local j c h g worst
  j=($(time_it "$runs" "${launcher[@]}" "$@" --history "$hist" -f json))
  c=($(time_it "$runs" "${launcher[@]}" "$@" --history "$hist" -f csv))
  h=($(time_it "$runs" "${launcher[@]}" "$@" --history "$hist" -f human))
  g=($(time_it "$runs" env LC_ALL=C grep -F -h -- "$lit" "${files[@]}"))
  worst=$(printf '%s\n' "${j[0]}" "${c[0]}" "${h[0]}" | sort -n | tail -1)
  printf '| %s | %s s | %s s | %s s | %s s | %s× (≤ %s×) | %s / %s |\n' "$q" "${j[0]}" "${c[0]}" "${h[0]}" "${g[0]}" \
    "$(awk -v a="$worst" -v b="${g[0]}" 'BEGIN {printf "%.2f", a / b}')" "$limit" "${j[2]}" "${g[2]}"
}

hist="$dir"
files=("$dir"/*.jsonl)
path=/etc/resolv.conf
pid=12345
echo "history: $(du -sh "$dir" | cut -f1) in $(ls "$dir" | wc -l) files, $(cat "$dir"/*.jsonl | wc -l) lines; load: $(cut -d' ' -f1-3 /proc/loadavg)"
launcher=("$repo/fsmon")
"${launcher[@]}" query --history "$dir" --since 2026-05-04T10:00:00Z --until 2026-05-04T10:01:00Z > /dev/null 2>&1 || true
for _ in $(seq 600); do # the launcher trains the history commands' AOT cache after a build: wait for it
  [ -e "$repo/cli/target/fsmon-history.aot.training" ] || break
  sleep 0.1
done
measure "fsmon --help (JVM start, java -jar)" "$runs" "${fsmon[@]}" --help
measure "./fsmon query: 1h window -f json" "$runs" "${launcher[@]}" query --history "$dir" \
  --since 2026-05-04T10:00:00Z --until 2026-05-04T11:00:00Z -f json
measure "./fsmon query: 1h window (human)" "$runs" "${launcher[@]}" query --history "$dir" \
  --since 2026-05-04T10:00:00Z --until 2026-05-04T11:00:00Z
measure "java -jar: 1h window -f json (no AOT cache)" "$runs" "${fsmon[@]}" query --history "$dir" \
  --since 2026-05-04T10:00:00Z --until 2026-05-04T11:00:00Z -f json
echo
echo "Whole week, through ./fsmon (AOT cache), medians of $runs; grep -F of the filter's literal, LC_ALL=C:"
echo
echo "| question | -f json | -f csv | human | grep -F | slowest / grep | lines fsmon / grep |"
echo "|---|---|---|---|---|---|---|"
row "query --path $path" "$path" 2 query --path "$path"
row "query --path '/etc/nginx/**'" "/etc/nginx/" 2 query --path '/etc/nginx/**'
row "query --user www-data" '"user":"www-data"' 2 query --user www-data
row "query --cmd rsync" "rsync" 2 query --cmd rsync
row "query --pid $pid" "\"pid\":$pid," 2 query --pid "$pid"
row "query -t DELETE" '"event_type":"DELETE"' 2 query -t DELETE
row "query --ancestor sshd" '"comm":"sshd"' 2 query --ancestor sshd
row "query --user www-data --path '/etc/**' -t CLOSE_WRITE" '"user":"www-data"' 2 \
  query --user www-data --path '/etc/**' -t CLOSE_WRITE
row "changes --path '/etc/**'" "/etc/" 3 changes --path '/etc/**'
central="${dir}-central"
if [ ! -d "$central" ]; then
  echo "generating a 1 GiB central history of 4 hosts in $central ..." >&2
  "$java" -cp "$repo/cli/target/fsmon.jar" "$repo/bench/query/Generate.java" "$central" 1024 7 4 >&2
fi
cat "$central"/*/*.jsonl > /dev/null
hist="$central"
files=("$central"/*/*.jsonl)
row "query --host web-1 (central, 4 hosts)" '"host":"web-1"' 2 query --host web-1
row "query --host 'web-*' --user www-data (central)" '"user":"www-data"' 2 query --host 'web-*' --user www-data
echo
measure "jq select(.user == \"www-data\") (whole week)" "$jq_runs" jq -c 'select(.user == "www-data")' "$dir"/*.jsonl
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
