#!/usr/bin/env bash
# Drain rate: the monitor's reader is paused while a workload queues events (unlimited queue, so
# none are lost), then resumed; prints events per second through the whole pipeline (decode,
# path resolution, attribution, sizes, JSON). Needs root (fanotify, tmpfs mount).
#   sudo bench/drain.sh [FILES]        FILES files over 100 directories (default 200000)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
jdk=$(for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do [ -x "$d/bin/java" ] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null | grep -qE '^(2[5-9]|[3-9][0-9])$' && echo "$d" && break; done)
[ -n "$jdk" ] || { echo "drain.sh: no JDK >= 25 found" >&2; exit 1; }
JAVA_HOME="$jdk" ./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
# The launcher's JVM flags, so the figure is what `fsmon monitor` does.
# (Keep in step with the monitor's case in ./fsmon.)
flags=(-XX:+UseSerialGC -Xms6m -Xmx64m -Xmn4m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90
       -Xss256k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:CompileCommand=quiet
       -XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock)
[ "${DRAIN_C2:-0}" = 1 ] && flags=(-XX:+UseSerialGC -Xms6m -Xmx64m -Xmn4m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90 -Xss256k)
LC_ALL=C.UTF-8 "$jdk/bin/java" --enable-native-access=ALL-UNNAMED "${flags[@]}" \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.fsmon.bench.DrainRate "${1:-200000}"
