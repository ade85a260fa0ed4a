#!/usr/bin/env bash
# What `fsmon daemon --metrics` costs: time from launch to "daemon ready" (and to "metrics on") and
# RSS 2 s after ready (with metrics: after 3 scrapes), metrics off and on alternated, through the
# ./fsmon launcher (its JVM flags and AOT cache). Run as root on a quiet machine:
#   bench/metrics-cost.sh [REPS] [PORT]
set -u
cd "$(dirname "$0")/.."
reps=${1:-6} port=${2:-19465}
B=$(mktemp -d /tmp/fsmon-metrics-cost.XXXXXX); trap 'rm -rf "$B"' EXIT
mkdir -p "$B/w"
printf '[[watches]]\npath = "%s"\nrecursive = true\n' "$B/w" > "$B/fsmon.toml"
for rep in $(seq "$reps"); do
  for mode in off on; do
    d=$B/$mode$rep; mkdir -p "$d"
    extra=(); [ $mode = on ] && extra=(--metrics "$port")
    t0=$(date +%s%N)
    ./fsmon daemon --config "$B/fsmon.toml" --runtime-dir "$d/run" --history "$d/h" --state-dir "$d/s" "${extra[@]}" 2> "$d/err" &
    pid=$!
    until grep -q "daemon ready" "$d/err" 2>/dev/null; do sleep 0.01; kill -0 $pid 2>/dev/null || break; done
    t1=$(date +%s%N); t2=$t1
    if [ $mode = on ]; then
      until grep -q "metrics on" "$d/err" 2>/dev/null; do sleep 0.01; kill -0 $pid 2>/dev/null || break; done
      t2=$(date +%s%N)
      for _ in 1 2 3; do curl -s "http://127.0.0.1:$port/metrics" > /dev/null; done
    fi
    sleep 2
    rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
    kill -TERM $pid; wait $pid
    echo "$mode rep=$rep ready_ms=$(( (t1 - t0) / 1000000 )) metrics_ms=$(( (t2 - t0) / 1000000 )) rss_kib=$rss"
  done
done
