#!/usr/bin/env bash
# Checks the packages the 'package' profile built (run by .ci/run after './mvnw -B -Ppackage
# -DskipTests package'; needs root, dpkg-deb, lintian, man-db, bash, zsh): the .deb's contents and
# control data, lintian, then the package unpacked into a throwaway root and run from there with
# no JDK anywhere on PATH: --version, the native lz4 on the launcher's library path, the
# ahead-of-time caches accepted by the shipped runtime, a
# monitor that reports a 'touch' with its process, nothing written under the install; the man
# pages render; the bash and zsh completion complete subcommands, event types and formats; the tarball
# runs from where it is unpacked. Any failed check fails the script (exit 1).
set -euo pipefail
cd "$(dirname "$0")/../../.."

failed=0
pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*" >&2; failed=1; }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
quiet() { "$@" > /dev/null; }

shopt -s nullglob
debs=(target/fsmon_*_amd64.deb) tars=(target/fsmon-*-linux-x64.tar.gz)
[ ${#debs[@]} = 1 ] && [ ${#tars[@]} = 1 ] || { echo "FAIL  expected one .deb and one tarball in target/" >&2; exit 1; }
deb=${debs[0]} tgz=${tars[0]}
tmp=$(mktemp -d /tmp/fsmon-package-check.XXXXXX)
mon=
cleanup() { [ -n "$mon" ] && kill "$mon" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# --- the .deb: contents and control data
dpkg-deb -c "$deb" | awk '{print $1, $NF}' > "$tmp/contents"
for f in ./usr/bin/fsmon ./usr/lib/fsmon/fsmon.jar ./usr/lib/fsmon/runtime/bin/java \
         ./usr/lib/fsmon/fsmon-monitor.aot ./usr/lib/fsmon/fsmon-history.aot ./usr/lib/fsmon/monitor.args \
         ./usr/lib/fsmon/history.args ./usr/lib/fsmon/collect.args ./usr/lib/fsmon/native/liblz4-java.so ./lib/systemd/system/fsmon.service ./etc/fsmon/fsmon.toml \
         ./usr/share/man/man1/fsmon.1.gz ./usr/share/man/man1/fsmon-monitor.1.gz ./usr/share/man/man1/fsmon-query.1.gz \
         ./usr/share/bash-completion/completions/fsmon ./usr/share/zsh/vendor-completions/_fsmon \
         ./usr/share/doc/fsmon/copyright ./usr/share/doc/fsmon/changelog.gz ./usr/share/lintian/overrides/fsmon; do
  check "deb contains $f" grep -q " $f\$" "$tmp/contents"
done
check "/usr/bin/fsmon is executable" grep -q '^-rwxr-xr-x \./usr/bin/fsmon$' "$tmp/contents"
check "runtime java is executable" grep -q '^-rwxr-xr-x \./usr/lib/fsmon/runtime/bin/java$' "$tmp/contents"
check "a man page per subcommand (14)" test "$(grep -c '/man1/fsmon.*\.1\.gz$' "$tmp/contents")" -eq 14
check "no JDK tools beyond java in the runtime" test "$(grep -c '/runtime/bin/.' "$tmp/contents")" -eq 1
check "control: Architecture amd64" test "$(dpkg-deb -f "$deb" Architecture)" = amd64
check "control: depends on no JDK" bash -c "! dpkg-deb -f '$deb' Depends | grep -qi 'jdk\|jre\|java'"
check "conffiles: /etc/fsmon/fsmon.toml" bash -c "dpkg-deb --ctrl-tarfile '$deb' | tar -xO ./conffiles | grep -qx /etc/fsmon/fsmon.toml"
check "postinst creates the fsmon system group" bash -c "dpkg-deb --ctrl-tarfile '$deb' | tar -xO ./postinst | grep -q 'addgroup --system --quiet fsmon'"

# --- lintian: no error, no warning that is not overridden with a reason
lintian_flags=(--fail-on error,warning)
lintian --help 2>&1 | grep -q -- --allow-root && lintian_flags+=(--allow-root)
if lintian "${lintian_flags[@]}" "$deb" > "$tmp/lintian" 2>&1; then pass "lintian"; else cat "$tmp/lintian" >&2; fail "lintian"; fi

# --- installed into a throwaway root, run with no JDK on PATH
root=$tmp/root
mkdir "$root"
dpkg-deb -x "$deb" "$root"
version=$(dpkg-deb -f "$deb" Version)
check "changelog names the package version" bash -c "zcat '$root/usr/share/doc/fsmon/changelog.gz' | head -1 | grep -qF 'fsmon ($version)'"
check "unit starts the installed launcher" grep -qx 'ExecStart=/usr/bin/fsmon daemon' "$root/lib/systemd/system/fsmon.service"
check "unit is hardened" grep -q '^CapabilityBoundingSet=CAP_SYS_ADMIN CAP_DAC_READ_SEARCH CAP_SYS_PTRACE$' "$root/lib/systemd/system/fsmon.service"
check "config: the reading group is fsmon" grep -qx 'group = "fsmon"' "$root/etc/fsmon/fsmon.toml"
check "config: every other key commented" bash -c "! grep -v '^group = ' '$root/etc/fsmon/fsmon.toml' | grep -q '^[a-z_]* *='"

nojdk=(env -i PATH=/nonexistent HOME="$tmp")
touch "$tmp/marker"
sleep 1 # the marker's mtime must be older than anything written after it (1 s granularity at worst)
out=$("${nojdk[@]}" "$root/usr/bin/fsmon" --version 2>&1) || true
check "fsmon --version without a JDK: '$out'" bash -c "[[ '$out' =~ ^fsmon\ [0-9][^\ ]*\ \(commit\ ([0-9a-f]{12}|unknown)\)$ ]]"
if head=$(git rev-parse --short=12 HEAD 2>/dev/null); then
  check "the packaged jar is this checkout's build (commit $head)" test "${out##*commit }" = "$head)"
fi
lib=$root/usr/lib/fsmon
# The shipper's lz4 loads from the package (its /tmp copy failed under the unit's read-only /tmp).
props=$("${nojdk[@]}" JDK_JAVA_OPTIONS=-XshowSettings:properties "$root/usr/bin/fsmon" collect --help 2>&1 >/dev/null) || true
check "the launcher's java.library.path for collect is the packaged native lz4's folder" \
  grep -qxF "    java.library.path = $lib/native" <<< "$props"
check "the packaged native lz4 is an x86-64 shared library" \
  bash -c "readelf -h '$lib/native/liblz4-java.so' | grep -q 'Type: *DYN' && readelf -h '$lib/native/liblz4-java.so' | grep -q 'Machine: *Advanced Micro Devices X86-64'"
# A unit written by the installed 'fsmon service' starts the installed launcher too (its flags,
# caches and native lz4), not the bare runtime's java.
unit=$("${nojdk[@]}" "$root/usr/bin/fsmon" service 2>&1) || true
check "installed 'fsmon service' writes a unit starting the installed launcher" \
  grep -qxF "ExecStart=$root/usr/bin/fsmon daemon" <<< "$unit"
for kind in monitor history; do
  # -XX:AOTMode=on: the JVM refuses to start unless it can use the cache with this runtime and jar.
  check "the $kind cache is used by the installed runtime" quiet "${nojdk[@]}" "$lib/runtime/bin/java" \
    --enable-native-access=ALL-UNNAMED @"$lib/$kind.args" -XX:AOTMode=on -XX:AOTCache="$lib/fsmon-$kind.aot" \
    -Xlog:disable -jar "$lib/fsmon.jar" --version
done

# A monitor of a temporary folder reports a touch, with the process that made it.
w=$tmp/watched
mkdir "$w"
"${nojdk[@]}" "$root/usr/bin/fsmon" monitor "$w" -f json > "$tmp/events" 2> "$tmp/monitor.err" &
mon=$!
for _ in $(seq 300); do grep -q "fsmon: watching" "$tmp/monitor.err" && break; kill -0 $mon 2>/dev/null || break; sleep 0.05; done
# A touch made at once after "watching" may get no actor: the monitor prints that line before its
# process attribution is ready (seen from a clone's ./fsmon too). So: a new file every 0.2 s until
# one is reported with its process, 15 s at most.
attributed=
for i in $(seq 75); do
  /usr/bin/touch "$w/touched$i"
  sleep 0.2
  if grep '"path":"'"$w"'/touched[0-9]*"' "$tmp/events" | grep -q '"comm":"touch"'; then attributed=$i; break; fi
  kill -0 $mon 2>/dev/null || break
done
kill -TERM $mon 2>/dev/null || true
rc=0; wait $mon || rc=$?
mon=
check "monitor stops cleanly on SIGTERM (exit $rc)" test $rc -eq 0
if [ -n "$attributed" ]; then
  pass "monitor reports a touch with its process (touch $attributed of the monitor's first)"
else
  cat "$tmp/monitor.err" "$tmp/events" >&2; fail "monitor reports a touch with its process"
fi
check "nothing written under the installed tree at run time" test -z "$(find "$root" -newer "$tmp/marker" -print -quit)"

# --- man pages render: no troff warnings, no AsciiDoc left
for page in "$root"/usr/share/man/man1/*.1.gz; do
  name=${page##*/}
  if MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings -l "$page" > "$tmp/page" 2> "$tmp/page.err" && [ ! -s "$tmp/page.err" ] \
     && grep -q '^NAME' "$tmp/page" && ! grep -qE '(^|[[:space:]])(\*[-a-z]|_[A-Z]+_|::$|=== |// )' "$tmp/page"; then
    pass "man -l $name renders"
  else
    cat "$tmp/page.err" >&2; fail "man -l $name renders"
  fi
done
check "fsmon-monitor(1) documents -t" grep -q -- '--types' <(MANWIDTH=100 man -l "$root/usr/share/man/man1/fsmon-monitor.1.gz" 2>/dev/null)

# --- bash completion: the function the completion file registers, driven directly
complete_words() { # complete_words WORD... : the candidates for the last word
  bash -c 'source "$1"; shift; compopt() { :; } # outside a real completion it only complains
           COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
           _complete_fsmon fsmon "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$root/usr/share/bash-completion/completions/fsmon" "$@"
}
check "bash: fsmon mon<TAB> completes monitor" test "$(complete_words fsmon mon)" = monitor
check "bash: fsmon monitor -t CR<TAB> completes CREATE" test "$(complete_words fsmon monitor -t CR)" = CREATE
check "bash: fsmon query -f <TAB> offers the formats" test "$(complete_words fsmon query -f '' | sort | tr '\n' ' ')" = "csv human json "
check "bash: fsmon monitor --rec<TAB> completes --recursive" test "$(complete_words fsmon monitor --rec)" = --recursive
check "bash: paths fall back to file names (complete -o default)" \
  bash -c "source '$root/usr/share/bash-completion/completions/fsmon'; complete -p fsmon | grep -q -- '-o default'"
check "zsh: fsmon mon<TAB>, -t CR<TAB> and -f js<TAB> complete (src/test/package/zsh-complete.zsh)" \
  zsh -f src/test/package/zsh-complete.zsh "$root/usr/share/zsh/vendor-completions"

# --- the tarball runs from wherever it is unpacked
mkdir "$tmp/unpacked"
tar -C "$tmp/unpacked" -xzf "$tgz"
top=$(ls "$tmp/unpacked")
out=$("${nojdk[@]}" "$tmp/unpacked/$top/bin/fsmon" --version 2>&1) || true
check "tarball: bin/fsmon --version without a JDK" test "$out" = "$("${nojdk[@]}" "$root/usr/bin/fsmon" --version 2>&1)"
tlib=$tmp/unpacked/$top/lib/fsmon
unit=$("${nojdk[@]}" "$tmp/unpacked/$top/bin/fsmon" service 2>&1) || true
check "tarball: 'bin/fsmon service' writes a unit starting bin/fsmon where unpacked" \
  grep -qxF "ExecStart=$tmp/unpacked/$top/bin/fsmon daemon" <<< "$unit"
check "tarball: the history cache is used where unpacked" quiet "${nojdk[@]}" "$tlib/runtime/bin/java" \
  --enable-native-access=ALL-UNNAMED @"$tlib/history.args" -XX:AOTMode=on -XX:AOTCache="$tlib/fsmon-history.aot" \
  -Xlog:disable -jar "$tlib/fsmon.jar" --version

if [ $failed = 0 ]; then echo "package checks: all passed"; else echo "package checks: FAILED" >&2; fi
exit $failed
