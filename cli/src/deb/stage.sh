#!/usr/bin/env bash
# Lays out what the package installs, under target/package/root (the .deb's data, which jdeb then
# packs) and target/fsmon-VERSION-linux-x64.tar.gz (the same runtime, jar and caches, runnable from
# wherever it is unpacked). Run by the 'package' Maven profile after the jar is built:
#   stage.sh VERSION BASEDIR
# Needs a JDK >= 25 (jdeps, jlink) and binutils (strip). Lays out: a jlink runtime of the modules
# jdeps finds in the jar, the jar, the Kafka client's native lz4, the JVM flag files, and the ahead-of-time caches trained on that very runtime (as ./fsmon trains them in a clone: keep the
# two in step); the man pages and the completion generated from the command model (cli/ManPages);
# the systemd unit 'fsmon service' prints, pointing at /usr/bin/fsmon; the config; the docs.
set -euo pipefail

version=$1
base=$2
target=$base/target
src=$base/src/deb
work=$target/package
root=$work/root
lib=$root/usr/lib/fsmon
debver=${version/-SNAPSHOT/\~SNAPSHOT}
maintainer='fsmon maintainers <maintainers@fsmon.invalid>'

# The JDK: the first >= 25 where ./fsmon looks (its 'release' file names the version).
jdk=
for d in "${FSMON_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk*; do
  [ -n "$d" ] && [ -x "$d/bin/jlink" ] && [ -r "$d/release" ] || continue
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release")
  if [ "${major:-0}" -ge 25 ]; then jdk=$d; break; fi
done
[ -n "$jdk" ] || { echo "stage.sh: no JDK 25 or later with jlink found (set FSMON_JAVA_HOME)" >&2; exit 1; }

command -v strip >/dev/null || { echo "stage.sh: 'strip' not found: install binutils" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$lib" "$root/usr/bin" "$root/etc/fsmon" "$root/lib/systemd/system" \
  "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" \
  "$root/usr/share/zsh/vendor-completions" "$root/usr/share/doc/fsmon" "$root/usr/share/lintian/overrides"

# The runtime: only the modules the jar uses (ManPages, the build-time generator, refers to
# picocli-codegen, which is not shipped: hence --ignore-missing-deps).
modules=$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps "$target/fsmon.jar")
echo "stage.sh: runtime modules: $modules" >&2
# --generate-cds-archive: the JDK's default class data archive for this image, which the commands
# without a trained cache (status, list, add, ...) start from.
# Its dump warns about classes of the modules left out: shown only if jlink fails.
"$jdk/bin/jlink" --add-modules "$modules" --output "$lib/runtime" --strip-debug --no-man-pages \
  --no-header-files --generate-cds-archive > "$work/jlink.log" 2>&1 || { cat "$work/jlink.log" >&2; exit 1; }
# Only 'java' is needed of the launchers; the native code stripped as dh_strip would.
find "$lib/runtime/bin" -type f ! -name java -delete # keytool, jwebserver, ...
find "$lib/runtime" -type f \( -name '*.so' -o -perm -u+x \) -exec strip --strip-unneeded \
  --remove-section=.comment --remove-section=.note {} +
cp "$target/fsmon.jar" "$lib/fsmon.jar"
# The Kafka client's native lz4, which the build unpacked for this machine (cli/pom.xml), loaded
# from here (the launcher's java.library.path): copied out of the jar into /tmp at run time, it
# failed under the unit's read-only /tmp and the client compressed in Java.
mkdir -p "$lib/native"
install -m 644 "$target/native/liblz4-java.so" "$lib/native/liblz4-java.so"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$lib/native/liblz4-java.so"
cp "$src/monitor.args" "$src/history.args" "$src/collect.args" "$lib/"
install -m 755 "$src/fsmon" "$root/usr/bin/fsmon"

# The ahead-of-time caches, trained here with the installed layout's flags on this runtime, so
# that the first run starts as fast as the later ones and nothing is written at run time.
java=("$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED)
train=$(mktemp -d "${TMPDIR:-/tmp}/fsmon-train.XXXXXX")
trap 'rm -rf "$train"' EXIT
eager=(-XX:+UnlockExperimentalVMOptions -XX:+AOTCompileEagerly)
if "${java[@]}" "${eager[@]}" -version >/dev/null 2>&1; then
  printf '%s\n' "${eager[*]}" > "$lib/fsmon-monitor.aot.args"
fi
mkdir "$train/history"
day=$(date -u +%Y-%m-%d) now=$(date -u +%H:%M:%S)
for i in 1 2 3 4 5 6 7 8; do
  printf '{"time":"%sT%s.%09dZ","event_type":"CLOSE_WRITE","path":"/etc/fsmon-training/f%d","pid":%d,"ppid":1,"comm":"touch","cmd":"touch f","exe":"/usr/bin/touch","uid":0,"user":"root","file_size":%d,"size_change":1}\n' \
    "$day" "$now" "$i" "$i" "$((100 + i))" "$i"
done > "$train/history/events-$day-000.jsonl"
LC_ALL=C.UTF-8 "${java[@]}" @"$lib/history.args" -XX:AOTCacheOutput="$lib/fsmon-history.aot" -Xlog:disable \
  -jar "$lib/fsmon.jar" query --history "$train/history" --since 1d --path /etc/fsmon-training/f3 -f json >/dev/null
if [ "$(id -u)" = 0 ]; then
  w=$(mktemp -d /dev/shm/fsmon-training.XXXXXX 2>/dev/null) || { w="$train/watched"; mkdir "$w"; }
  trap 'rm -rf "$train" "$w"' EXIT
  LC_ALL=C.UTF-8 "${java[@]}" @"$lib/monitor.args" -XX:AOTCacheOutput="$lib/fsmon-monitor.aot" -Xlog:disable \
    -jar "$lib/fsmon.jar" monitor "$w" -r -o "$train/events.json" >/dev/null 2>"$train/err" &
  pid=$!
  for _ in $(seq 400); do grep -q "fsmon: watching" "$train/err" && break; kill -0 $pid 2>/dev/null || break; sleep 0.05; done
  for d in 0 1 2 3 4 5 6 7; do mkdir "$w/d$d" "$w/e$d"; done
  for i in $(seq 0 1599); do echo x > "$w/d$((i % 8))/f$i"; done
  for d in 1 2 3 4 5 6 7; do mv "$w/d$d"/* "$w/e$((d % 7 + 1))/"; done
  mv "$w/d0" "$w/e0/moved"; chmod -R g+w "$w"; rm -rf "${w:?}"/*
  # Stopped once it has written the last event made (the creation of zz-end) to -o.
  : > "$w/zz-end"
  for _ in $(seq 400); do grep -qF "$w/zz-end" "$train/events.json" 2>/dev/null && break; sleep 0.05; done
  kill -TERM $pid; wait $pid || { cat "$train/err" >&2; echo "stage.sh: the monitor's training run failed" >&2; exit 1; }
else
  rm -f "$lib/fsmon-monitor.aot.args"
  echo "stage.sh: not root: no ahead-of-time cache for monitor/daemon (fanotify needs root to train it)" >&2
fi

# Man pages (asciidoctor rendered the generated AsciiDoc) and completion.
for m in "$target/generated-docs/man"/*.1; do gzip -9nc "$m" > "$root/usr/share/man/man1/${m##*/}.gz"; done
# A completion file is sourced, not run: no #! line.
sed '1{/^#!/d}' "$target/generated-docs/fsmon.bash" > "$root/usr/share/bash-completion/completions/fsmon"
{
  echo '#compdef fsmon'
  echo '# zsh completion for fsmon: the bash completion generated from the command model, through bashcompinit.'
  echo 'autoload -U +X bashcompinit && bashcompinit'
  # zsh has no compopt: the script aliases it, but an alias made while this file runs does not
  # reach the functions parsed with it.
  echo 'compopt() { return 0; }'
  sed '1{/^#!/d}' "$target/generated-docs/fsmon.bash"
  echo '_bash_complete -o default -F _complete_fsmon "$@"'
} > "$root/usr/share/zsh/vendor-completions/_fsmon"

# The unit, as 'fsmon service' prints it, starting the installed launcher.
LC_ALL=C.UTF-8 "${java[@]}" -jar "$lib/fsmon.jar" service --exec "/usr/bin/fsmon daemon" \
  > "$root/lib/systemd/system/fsmon.service"
cp "$src/fsmon.toml" "$root/etc/fsmon/fsmon.toml"
cp "$src/copyright" "$root/usr/share/doc/fsmon/copyright"
sed -e "s/\[\[version\]\]/$debver/" -e "s/\[\[maintainer\]\]/$maintainer/" \
    -e "s/\[\[date\]\]/$(LC_ALL=C date -R -u -d "@$(stat -c %Y "$target/fsmon.jar")")/" "$src/changelog" \
  | gzip -9n > "$root/usr/share/doc/fsmon/changelog.gz"
cp "$src/lintian-overrides" "$root/usr/share/lintian/overrides/fsmon"

# Modes as dpkg expects them whatever the umask: folders 755, files 644, executables 755.
find "$root" -type d -exec chmod 755 {} +
find "$root" -type f ! -perm -u+x -exec chmod 644 {} +
find "$root" -type f -perm -u+x -exec chmod 755 {} +
# jdeb takes the tree as a tar, so that modes (the runtime's executables) are kept.
tar -C "$root" --owner=0 --group=0 --numeric-owner --sort=name -cf "$work/data.tar" .

# The tarball: bin/fsmon finds lib/fsmon beside it, as /usr/bin/fsmon finds /usr/lib/fsmon.
name=fsmon-$version
t=$work/tarball/$name
mkdir -p "$t"
cp -a "$root/usr/bin" "$root/usr/lib" "$t/"
mkdir -p "$t/share" "$t/etc"
cp -a "$root/usr/share/man" "$root/usr/share/bash-completion" "$root/usr/share/zsh" "$t/share/"
cp -a "$root/usr/share/doc/fsmon/copyright" "$t/"
cp -a "$root/etc/fsmon/fsmon.toml" "$t/etc/"
tar -C "$work/tarball" --owner=0 --group=0 --numeric-owner --sort=name -czf "$target/$name-linux-x64.tar.gz" "$name"
echo "stage.sh: $target/$name-linux-x64.tar.gz" >&2
