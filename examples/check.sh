#!/usr/bin/env bash
# CI check of the library as its users get it (run by .ci/run, as root, once io.fsmon:fsmon is installed:
# './mvnw -B -DskipTests install'): the installed artifact has its sources and Javadoc jars and a module descriptor
# that exports only the API and the event vocabulary; the examples build against it with the wrapper;
# WhoChanged, run on a fresh folder on the class path and on the module path, names the path, the
# command, the pid and the user of changes made after its ready line; LastChanges reads a small
# history. Leaves nothing running or behind; exits 1 with a FAIL line on the first miss.
# MAVEN_ARGS (Maven's own variable) passes options to its Maven run, e.g. -o.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ex="$root/examples"
fail() { echo "FAIL: examples: $*" >&2; exit 1; }

# A JDK >= 25, found as ./fsmon and ./mvnw find theirs.
jdk=
for d in "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk*; do
  [ -n "$d" ] && [ -x "$d/bin/java" ] && [ -r "$d/release" ] || continue
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release")
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then jdk=$d; break; fi
done
[ -n "$jdk" ] || fail "no JDK >= 25 found"
[ "$(id -u)" = 0 ] || fail "run as root: WhoChanged watches with fanotify"

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# 1. The examples, built with the wrapper against the installed io.fsmon:fsmon; target/lib holds the
#    jars resolved from the local repository, and the class path Maven prints names where they are.
"$root/mvnw" -B -q -f "$ex/pom.xml" clean package dependency:build-classpath -Dmdep.outputFile="$tmp/classpath" \
  || fail "the examples do not build against the installed io.fsmon:fsmon (run ./mvnw -B -DskipTests install first)"
lib="$ex/target/lib"
[ -s "$lib/fsmon-0.1.0-SNAPSHOT.jar" ] || fail "the examples' build did not copy the library to $lib"

# 2. The installed artifact has its sources and Javadoc beside it.
jar=$(tr ':' '\n' <"$tmp/classpath" | grep '/io/fsmon/fsmon/0.1.0-SNAPSHOT/fsmon-0.1.0-SNAPSHOT.jar$') \
  || fail "io.fsmon:fsmon does not come from the local repository: $(cat "$tmp/classpath")"
for c in -sources -javadoc; do
  [ -s "${jar%.jar}$c.jar" ] || fail "${jar%.jar}$c.jar is missing (./mvnw install attaches it)"
done

# 3. The module boundary of that jar: exports exactly the API and the event vocabulary, needs
#    neither picocli nor Prometheus.
module=$("$jdk/bin/jar" --describe-module --file "$lib/fsmon-0.1.0-SNAPSHOT.jar") || fail "the library jar has no module descriptor"
exports=$(sed -n 's/^exports //p' <<<"$module" | sort | tr '\n' ' ')
[ "$exports" = "io.fsmon.api io.fsmon.event " ] || fail "module io.fsmon exports '$exports', expected 'io.fsmon.api io.fsmon.event'"
if grep -Ei '^requires .*(picocli|prometheus)' <<<"$module"; then fail "module io.fsmon requires the CLI's libraries"; fi
if ls "$lib" | grep -Ei 'picocli|prometheus'; then fail "the library pulls the CLI's libraries onto a user's class path"; fi

# 4. The README's lines are WhoChanged's (all but the watched path), so they compile as shown.
snippet=$(awk '/^## Use it from Java/{s=1} s&&/^```java/{j=1;next} j&&/^```/{exit} j' "$root/README.md")
[ -n "$snippet" ] || fail "README.md has no java block under '## Use it from Java'"
while IFS= read -r line; do
  line=$(sed 's/^ *//; s/ *\/\/.*$//' <<<"$line")
  case $line in ''|import*|*'.watch('*) continue ;; esac
  grep -qF -- "$line" "$ex/src/main/java/io/fsmon/examples/WhoChanged.java" \
    || fail "README's line is not in WhoChanged.java: $line"
done <<<"$snippet"

# Polls for a condition at most 30 s: the programs' own lines are the signals, never a fixed sleep.
await() {
  local deadline=$((SECONDS + 30))
  until eval "$1"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.05
  done
}

# 5. WhoChanged: changes made after its ready line, by processes whose pid we know, are named.
who_changed() { # $1: what to call the run; the rest: the java options that put the library on a path
  local what=$1 dir="$tmp/watched-$1" out="$tmp/$1.out" err="$tmp/$1.err" tp cp rc
  shift
  mkdir "$dir"
  "$jdk/bin/java" "$@" io.fsmon.examples.WhoChanged "$dir" >"$out" 2>"$err" &
  pid=$!
  await "grep -qs '^ready: ' '$err' || ! kill -0 $pid 2>/dev/null" || fail "WhoChanged ($what) is not ready after 30 s: $(cat "$err")"
  kill -0 "$pid" 2>/dev/null || fail "WhoChanged ($what) ended before it was ready: $(cat "$err")"
  touch "$dir/made-by-touch" & tp=$!
  wait "$tp"
  mkdir "$dir/new-folder"
  cp "$ex/pom.xml" "$dir/new-folder/made-by-cp" & cp=$!
  wait "$cp"
  # SIGTERM: its shutdown hook closes the watcher, which delivers what the kernel holds first.
  kill -TERM "$pid"
  await "! kill -0 $pid 2>/dev/null" || fail "WhoChanged ($what) still runs 30 s after SIGTERM"
  rc=0; wait "$pid" || rc=$?
  pid=
  [ "$rc" = 143 ] || [ "$rc" = 0 ] || fail "WhoChanged ($what) exited with $rc after SIGTERM: $(cat "$err")"
  for want in "[CREATE] $dir/made-by-touch (PID: $tp, CMD: touch, USER: root" \
              "[CLOSE_WRITE] $dir/new-folder/made-by-cp (PID: $cp, CMD: cp, USER: root"; do
    grep -qF " $want" "$out" || fail "WhoChanged ($what) did not print '$want'; it printed:
$(cat "$out")
$(cat "$err")"
  done
  echo "examples: WhoChanged ($what): $(wc -l <"$out") events, touch and cp named with pid and user"
}
who_changed class-path --enable-native-access=ALL-UNNAMED -cp "$ex/target/classes:$lib/*"
who_changed module-path --module-path "$lib" --add-modules io.fsmon --enable-native-access=io.fsmon -cp "$ex/target/classes"

# 6. LastChanges over a history written in fsmon's format: the latest change of each path under
#    --path since --since, who made it, and a warning (not a failure) for a damaged line.
mkdir "$tmp/history"
cat >"$tmp/history/events-2026-11-25-000.jsonl" <<'EOF'
{"time":"2026-11-25T09:00:00.000000000Z","event_type":"CLOSE_WRITE","path":"/srv/app/old.txt","pid":99,"comm":"cron","uid":0,"user":"root"}
{"time":"2026-11-25T10:20:14.123456789Z","event_type":"CREATE","path":"/srv/app/a.txt","pid":123,"comm":"touch","cmd":"touch /srv/app/a.txt","uid":0,"user":"root","file_size":0}
{"time":"2026-11-25T10:21:00.000000000Z","event_type":"CLOSE_WRITE","path":"/srv/app/a.txt","pid":4242,"comm":"vim","cmd":"vim a.txt","uid":1000,"user":"alice","file_size":2048}
{"time":"2026-11-25T10:22:00.000000000Z","event_type":"CLOSE_WRITE","path":"/etc/hosts","pid":77,"comm":"sed","uid":0,"user":"root","file_size":220}
not a line of fsmon's
EOF
out=$("$jdk/bin/java" -cp "$ex/target/classes:$lib/*" io.fsmon.examples.LastChanges "$tmp/history" \
  --since 2026-11-25T10:00:00Z --path '/srv/**' 2>"$tmp/last.err") || fail "LastChanges failed: $(cat "$tmp/last.err")"
want="2026-11-25T10:21:00Z CLOSE_WRITE /srv/app/a.txt by vim pid 4242 user alice"
[ "$out" = "$want" ] || fail "LastChanges printed
$out
instead of
$want"
grep -q malformed "$tmp/last.err" || fail "LastChanges did not warn about the damaged line: $(cat "$tmp/last.err")"
echo "examples: LastChanges: the latest change under /srv since 10:00, by vim (alice)"
echo "examples: OK"
