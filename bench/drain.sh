#!/usr/bin/env bash
# Drain rate: the monitor's reader is paused while a workload queues events (unlimited queue, so
# none are lost), then resumed; prints events per second through the whole pipeline (decode,
# path resolution, attribution, sizes, JSON). Needs root (fanotify, tmpfs mount).
#   sudo bench/drain.sh [FILES]        FILES files over 100 directories (default 200000)
# Environment: NO_AOT=1 runs without the monitor's AOT cache; DRAIN_C2=1 with C2 and no cache.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
jdk=$(for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do [ -x "$d/bin/java" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null | grep -qE '^(2[5-9]|[3-9][0-9])$' && echo "$d" && break; done)
[ -n "$jdk" ] || { echo "drain.sh: no JDK >= 25 found" >&2; exit 1; }
JAVA_HOME="$jdk" ./mvnw -q -B -DskipTests -pl core test-compile dependency:build-classpath -Dmdep.outputFile="$here/core/target/bench.classpath" >&2
# The launcher's JVM flags (the file ./fsmon reads for monitor and daemon), so the figure is what
# `fsmon monitor` does.
flags=("@$here/cli/src/main/jvm/monitor.args")
[ "${DRAIN_C2:-0}" = 1 ] && flags=(-XX:+UseSerialGC -Xms6m -Xmx64m -Xmn4m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90 -Xss256k)
# And its ahead-of-time cache, with the flags trained with it: the drain then warms up as a monitor
# started by ./fsmon does. The classes come from the jar the cache was made from (built by the
# launcher when stale), the benchmark's own from core/target/test-classes. When the cache is missing
# or older than the jar, a monitor start that fails at once (a path that does not exist) makes
# the launcher train one in the background; this waits for it. NO_AOT=1: without the cache.
jar="$here/cli/target/fsmon.jar" aot="$here/cli/target/fsmon-monitor.aot"
cp="core/target/classes:core/target/test-classes"
aot_flags=()
if [ "${NO_AOT:-0}" != 1 ] && [ "${DRAIN_C2:-0}" != 1 ]; then
  "$here/fsmon" --version >/dev/null
  if ! [ "$aot" -nt "$jar" ]; then
    echo "drain.sh: training the monitor's AOT cache ..." >&2
    "$here/fsmon" monitor "$here/cli/target/no-such-path-for-training" >/dev/null 2>&1 || true
  fi
  for _ in $(seq 600); do
    [ "$aot" -nt "$jar" ] && [ ! -e "$aot.training" ] && break
    sleep 0.2
  done
  if [ "$aot" -nt "$jar" ]; then
    cp="$jar:core/target/test-classes"
    aot_flags=(-XX:AOTCache="$aot")
    if [ -f "$aot.flags" ]; then
      { IFS= read -r flags_jdk; read -r -a extra; } < "$aot.flags" || true
      [ "${flags_jdk:-}" = "$jdk" ] && aot_flags+=("${extra[@]}")
    fi
  else
    echo "drain.sh: no AOT cache (training failed?): measuring without it" >&2
  fi
fi
echo "drain.sh: ${aot_flags[*]:-no AOT cache}" >&2
LC_ALL=C.UTF-8 "$jdk/bin/java" --enable-native-access=ALL-UNNAMED "${flags[@]}" "${aot_flags[@]}" \
  -cp "$cp:$(cat core/target/bench.classpath)" io.fsmon.bench.DrainRate "${1:-200000}"
