#!/usr/bin/env bash
# Shipping to Kafka (issue #14), measured on this machine with a real single-node KRaft broker
# started from the test class path (the same kafka_2.13 jar and settings as cli's KafkaBroker):
#   1. ship rate: a daemon starts on an N-line history backlog; time from "daemon ready" until its
#      checkpoint (state-dir/ship.checkpoint) reaches the end of the newest history file;
#   2. the daemon over the same burst (bench/workload.py burst, N events) with shipping off and on:
#      time from the burst's start until every event is in the history (off) and also acknowledged
#      by the broker (on), the daemon's CPU seconds (utime+stime, including 1 s idle after the last line) and peak RSS (VmHWM);
#   2'. steady: RATE events/s (default 1000, the fleet sizing's peak per host) for STEADY seconds
#      (default 60), shipping off and on: the daemon's CPU seconds and share of one core over the
#      run (to every line recorded, and acknowledged), and its peak RSS;
#   3. end to end: the burst again with `fsmon collect` running beside the daemon, and probe files
#      made every 20 ms meanwhile (bench/ship_latency.py): file change -> line in the central
#      history, median and p99;
#   4. catch-up: the broker JVM is killed, bursts of EVENTS/10 go on every 3 s for OUTAGE seconds
#      (default 60), the broker is started again: lines behind then, and the time until the
#      daemon's checkpoint stands at the end of its history (lag 0);
#   5. collect rate: HOSTS daemons (default 4) ship EVENTS/2-line backlogs each to one topic, then
#      one `fsmon collect` writes them all into an empty central history: lines per wall second
#      from its first written line to the last, and per CPU second (the "per core" figure; its
#      JVM start and group join are in the CPU, not in the wall time).
# Run as root on a quiet machine:   bench/ship.sh [EVENTS] [REPS]      (default 200000 1)
# WARM=W: in the burst and end-to-end sections, a burst of W events first, shipped (and collected)
# before the measured one: a daemon (and collector) that has run a while, its JIT warm, as in
# production; without it both have just started, and the Kafka client's code runs interpreted and
# is compiled during the measured burst.
# KEEP=1 leaves the run's folder (histories, central histories, logs) in /tmp.
# SECTIONS="backlog burst steady e2e outage collect" (the default: all) runs only those. OUTAGE=S, HOSTS=N as above; DAEMON_JVM, COLLECT_JVM: more JVM options (JFR, NMT) for the daemons, the collectors.
# SHIP_CONF: more lines for the daemons' [ship] table, e.g. SHIP_CONF='"linger.ms" = 50' (client properties to compare).
# THREADS=1 also prints the daemon's CPU seconds over the backlog, the burst and the steady run thread by thread (of threads alive at the end).
# NMT=/tmp/x also writes the daemon's native memory summary after each burst to /tmp/x.off, /tmp/x.on
# (tracking costs some memory itself: compare those runs' RSS with each other only).
set -u
cd "$(dirname "$0")/.."
N=${1:-200000} REPS=${2:-1} WARM=${WARM:-0} OUTAGE=${OUTAGE:-60} HOSTS=${HOSTS:-4} RATE=${RATE:-1000} STEADY=${STEADY:-60} SECTIONS=${SECTIONS:-backlog burst steady e2e outage collect}
B=$(mktemp -d /tmp/fsmon-ship.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  if [ -n "${KEEP:-}" ]; then echo "ship.sh: the run's files are kept in $B" >&2; else rm -rf "$B"; fi
}
trap cleanup EXIT
die() { echo "ship.sh: $*" >&2; exit 1; }
now() { date +%s%N; }
cpu_s() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; } # clock ticks: 100/s on Linux
# thread_cpu PID: "name ticks" per thread of PID (names as the kernel keeps them, 15 bytes; numbers stripped)
thread_cpu() {
  local t; for t in /proc/$1/task/*; do
    awk '{sub(/^[^(]*\(/, ""); name=substr($0, 1, index($0, ") ")-1); sub(/^.*\) /, ""); gsub(/[0-9]+$/, "", name); gsub(/ /, "_", name); print name, $12 + $13}' "$t/stat" 2>/dev/null
  done | awk '{c[$1]+=$2} END{for (k in c) print k, c[k]}'
}
# thread_report LABEL DIR PID: with THREADS set, each thread's CPU seconds since DIR/threads0 (thread_cpu at the start)
thread_report() {
  [ -n "${THREADS:-}" ] || return 0
  thread_cpu "$3" > "$2/threads1"
  echo "$1 daemon CPU s by thread: $(awk 'NR==FNR{a[$1]=$2; next} {d=($2-a[$1])/100; if (d>0) printf "%s=%.2f ", $1, d}' "$2/threads0" "$2/threads1")"
}
hwm_mib() { awk '/VmHWM/{printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
JAVA=$(for d in /usr/lib/jvm/*; do grep -qs 'JAVA_VERSION="2[5-9]' "$d/release" && echo "$d/bin/java" && break; done)
[ -n "$JAVA" ] || die "no JDK 25 in /usr/lib/jvm"
PY=${PY:-python3}

# The launcher builds the jar when needed; the broker needs cli's test class path.
./fsmon --version > /dev/null || die "./fsmon does not run"
./mvnw -o -q -pl cli dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$B/cp" \
  || die "cannot resolve cli's test class path (run ./mvnw -pl core,cli test-compile once)"
CP=$(cat "$B/cp")

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port) cport=$(free_port)
K=$B/kafka; mkdir -p "$K"
cat > "$K/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$K/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
EOF
# the broker's lz4 from the build's native folder, as fsmon's: a broker killed with -9 leaves no copy in /tmp
KJ=("$JAVA" -Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.library.path="$PWD/cli/target/native" -cp "$CP")
"${KJ[@]}" kafka.tools.StorageTool format -t ZnNtb24tdGVzdC1jbHVzdA -c "$K/server.properties" --standalone \
  > "$K/broker.log" 2>&1 || die "formatting the broker failed: $(tail -5 "$K/broker.log")"
# start_broker: the broker JVM (again, on the same port and data after a kill); returns when it listens
start_broker() {
  "${KJ[@]}" kafka.Kafka "$K/server.properties" >> "$K/broker.log" 2>&1 &
  bpid=$!; pids+=($bpid)
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$bpid" 2>/dev/null || die "the broker exited: $(tail -5 "$K/broker.log")"; sleep 0.1
  done
}
start_broker
BOOT=127.0.0.1:$port

# wait_for DEADLINE_S CMD...: polls CMD every 200 ms (the resolution of the times below); fails the run after DEADLINE_S seconds.
wait_for() {
  local end=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -lt "$end" ] || die "timed out waiting for: $*"; sleep 0.2; done
}
ready() { grep -q "daemon ready" "$1/err" 2>/dev/null; }
# The checkpoint names the newest history file and stands at its end: everything is acknowledged.
shipped_all() {
  local h=$1/h s=$1/s newest cp
  newest=$(ls "$h" | grep '\.jsonl$' | sort | tail -1); [ -n "$newest" ] || return 1
  cp=$(cut -d" " -f1,2 "$s/ship.checkpoint" 2>/dev/null) || return 1 # file offset [epoch]
  [ "$cp" = "${newest%.jsonl} $(stat -c %s "$h/$newest")" ]
}
history_lines() { zcat -f "$1"/h/events-* 2>/dev/null | wc -l; }
# settled DIR MIN: at least MIN lines, the file $SENTINEL (if set; made after the workload, so its
# events come after all of the workload's in the daemon's queue) in the history, and no new line for
# 1 s; sets last_change (ns) to when the count last grew. (MIN counts 3 events a file, the history
# holds 5: without the sentinel a pause of 1 s late in the burst ended the wait with lines missing.)
settled() {
  local n t; n=$(history_lines "$1"); t=$(now)
  if [ "$n" != "${last_n:-}" ]; then last_n=$n last_change=$t; return 1; fi
  [ "$n" -ge "$2" ] && [ $(( t - last_change )) -ge 1000000000 ] \
    && { [ -z "${SENTINEL:-}" ] || zcat -f "$1"/h/events-* 2>/dev/null | grep -qF "\"path\":\"$SENTINEL\""; }
}

settled_off() { settled "$@"; }
# ... and every line acknowledged; sets ship_at to when the checkpoint first stood at the end of them
settled_on() {
  settled "$@"; local r=$?
  if [ "${ship_n:-}" != "$last_n" ] && shipped_all "$1"; then ship_n=$last_n ship_at=$(now); fi
  [ $r = 0 ] && [ "${ship_n:-}" = "$last_n" ]
}

# start_daemon DIR SHIP(on|off) HOST [TOPIC]: the ./fsmon launcher, watching DIR/w, shipping to TOPIC (default fsmon)
start_daemon() {
  local d=$1 cfg=$1/fsmon.toml
  mkdir -p "$d/w" "$d/h"
  printf '[[watches]]\npath = "%s"\nrecursive = true\n' "$d/w" > "$cfg"
  [ "$2" = on ] && printf '[ship]\nkafka = "%s"\ntopic = "%s"\nhost = "%s"\n' "$BOOT" "${4:-fsmon}" "$3" >> "$cfg"
  [ "$2" = on ] && [ -n "${SHIP_CONF:-}" ] && printf '%s\n' "$SHIP_CONF" >> "$cfg"
  JAVA_TOOL_OPTIONS="${NMT:+-XX:NativeMemoryTracking=summary} ${DAEMON_JVM:-}" ./fsmon daemon --config "$cfg" --runtime-dir "$d/run" --history "$d/h" --state-dir "$d/s" 2> "$d/err" &
  dpid=$!; pids+=($dpid)
  wait_for 60 ready "$d"
}
stop_daemon() { kill -TERM "$1"; wait "$1" 2>/dev/null; }

# make_backlog FILE N: N history lines of one day (today), as a busy web server's rsync writes them
make_backlog() {
  "$PY" - "$1" "$2" "$(date -u +%F)" <<'EOF'
import sys
path, n, day = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    for i in range(n):
        f.write('{"time":"%sT00:00:00.%09dZ","event_type":"CLOSE_WRITE","path":"/srv/www/site/file%d.html",'
                '"pid":4242,"ppid":1,"comm":"rsync","cmd":"rsync -a /src/ /srv/www/site/","exe":"/usr/bin/rsync",'
                '"uid":33,"user":"www-data","file_size":5120,"size_change":5120}\n' % (day, i, i))
EOF
}
# start_collector CENTRAL TOPIC: fsmon collect in the background (cpid), its stderr in CENTRAL.err
start_collector() {
  JAVA_TOOL_OPTIONS="${COLLECT_JVM:-}" ./fsmon collect --kafka "$BOOT" --topic "$2" --history "$1" --group "bench-$2-$$" 2> "$1.err" &
  cpid=$!; pids+=($cpid)
}
central_lines() { cat "$1"/*/events-*.jsonl 2>/dev/null | wc -l; }
# central_holds HOSTDIR PATH: a line of PATH in any of the host's central files (a warm-up can fill more than one)
central_holds() { cat "$1"/events-*.jsonl 2>/dev/null | grep -qF "\"path\":\"$2\""; }
# collected NAME (end to end): a file NAME made in the daemon's watched folder, waited for in the central history
collected() { : > "$d/w/$1"; wait_for 120 central_holds "$c/e2e$rep" "$d/w/$1"; }
secs() { echo "($2 - $1) / 1000000000" | bc -l; }
on() { [[ " $SECTIONS " == *" $1 "* ]]; }
# warm_up DIR MODE: WARM events in DIR/w/warm, waited for until in the history (and shipped, MODE on)
warm_up() {
  [ "$WARM" -gt 0 ] || return 0
  "$PY" bench/workload.py burst "$1/w/warm" --expected "$1/warm.tsv" --events "$WARM" > /dev/null || die "warm-up failed"
  SENTINEL=$1/w/end-of-warm-up; : > "$SENTINEL"
  last_n= ship_n=; wait_for 600 "settled_$2" "$1" 1; SENTINEL=
}
row() { printf '%-78s %s\n' "$1" "$2" >> "$B/table"; }

# begin_run DIR MODE HOST: a daemon on DIR (shipping MODE), warmed up if WARM is set; then sets d,
# base (history lines so far), c0 (its CPU s) and t0 (now), and takes the threads' CPU for THREADS.
begin_run() {
  d=$1
  start_daemon "$d" "$2" "$3"
  warm_up "$d" "$2"
  base=$(history_lines "$d"); c0=$(cpu_s $dpid); t0=$(now)
  [ -n "${THREADS:-}" ] && thread_cpu $dpid > "$d/threads0"
  return 0
}

for rep in $(seq "$REPS"); do
  # 1. backlog ship rate
  if on backlog; then
  d=$B/backlog$rep; mkdir -p "$d/h"
  make_backlog "$d/h/events-$(date -u +%F)-000.jsonl" "$N"
  bytes=$(stat -c %s "$d"/h/events-*.jsonl)
  start_daemon "$d" on backlog$rep; t0=$(now); c0=$(cpu_s $dpid)
  [ -n "${THREADS:-}" ] && thread_cpu $dpid > "$d/threads0"
  wait_for 600 shipped_all "$d"
  t1=$(now); c1=$(cpu_s $dpid)
  thread_report "backlog rep=$rep" "$d" $dpid
  stop_daemon $dpid
  ms=$(( (t1 - t0) / 1000000 ))
  printf 'backlog rep=%d lines=%d bytes=%d ship_s=%.2f ship_lines_per_s=%d daemon_cpu_s=%.2f\n' "$rep" "$N" "$bytes" \
    "$(echo "$ms / 1000" | bc -l)" $(( N * 1000 / (ms > 0 ? ms : 1) )) "$(echo "$c1 - $c0" | bc -l)"
  row "backlog of $N lines ($((bytes >> 20)) MiB): lines/s shipped, daemon CPU s" \
    "$(( N * 1000 / (ms > 0 ? ms : 1) )), $(printf %.2f "$(echo "$c1 - $c0" | bc -l)")"

  fi

  # 2. the burst with shipping off and on
  on burst && for mode in off on; do
    begin_run "$B/burst-$mode$rep" "$mode" "$mode$rep"
    "$PY" bench/workload.py burst "$d/w/burst" --expected "$d/expected.tsv" --events "$N" > /dev/null || die "burst failed"
    tw=$(now)
    exp=$(wc -l < "$d/expected.tsv")
    SENTINEL=$d/w/end-of-burst; : > "$SENTINEL"
    last_n= ship_n=; wait_for 600 settled_$mode "$d" $(( base + exp )); SENTINEL=
    tr=$last_change; t1=$tr
    [ "$mode" = on ] && t1=$ship_at
    c1=$(cpu_s $dpid); hwm=$(hwm_mib $dpid)
    thread_report "burst-$mode rep=$rep" "$d" $dpid
    [ -n "${NMT:-}" ] && "${JAVA%/java}/jcmd" "$dpid" VM.native_memory summary scale=MB > "$NMT.$mode" 2>&1
    stop_daemon $dpid
    printf 'burst-%s rep=%d expected=%d lines=%d write_s=%.2f recorded_s=%.2f done_s=%.2f daemon_cpu_s=%.2f daemon_hwm_mib=%s\n' \
      "$mode" "$rep" "$exp" "$(( last_n - base ))" "$(secs $t0 $tw)" "$(secs $t0 $tr)" "$(secs $t0 $t1)" "$(echo "$c1 - $c0" | bc -l)" "$hwm"
    row "burst ($(( last_n - base )) lines), shipping $mode: daemon CPU s, peak RSS MiB" "$(printf %.2f "$(echo "$c1 - $c0" | bc -l)"), $hwm"
    [ "$mode" = on ] && row "burst, shipping on: last line acknowledged after it was recorded, s" "$(printf %.2f "$(secs $tr $t1)")"
  done

  # 2'. a steady rate with shipping off and on
  on steady && for mode in off on; do
    begin_run "$B/steady-$mode$rep" "$mode" "steady$mode$rep"
    "$PY" bench/workload.py steady "$d/w/steady" --expected "$d/expected.tsv" --rate "$RATE" --seconds "$STEADY" > /dev/null \
      || die "steady workload failed"
    exp=$(wc -l < "$d/expected.tsv")
    SENTINEL=$d/w/end-of-steady; : > "$SENTINEL"
    last_n= ship_n=; wait_for 600 settled_$mode "$d" $(( base + exp )); SENTINEL=
    t1=$(now); c1=$(cpu_s $dpid); hwm=$(hwm_mib $dpid)
    thread_report "steady-$mode rep=$rep" "$d" $dpid
    stop_daemon $dpid
    cpu=$(echo "$c1 - $c0" | bc -l)
    pct=$(echo "100 * $cpu / $(secs $t0 $t1)" | bc -l)
    printf 'steady-%s rep=%d rate=%d seconds=%d lines=%d run_s=%.2f daemon_cpu_s=%.2f daemon_cpu_pct=%.2f daemon_hwm_mib=%s\n' \
      "$mode" "$rep" "$RATE" "$STEADY" "$(( last_n - base ))" "$(secs $t0 $t1)" "$cpu" "$pct" "$hwm"
    row "steady $RATE events/s for $STEADY s, shipping $mode: daemon CPU s, % of a core, peak RSS MiB" \
      "$(printf '%.2f, %.2f %%, %s' "$cpu" "$pct" "$hwm")"
  done

  # 3. end to end: the burst with a collector beside the daemon, and probe files meanwhile
  if on e2e; then
  d=$B/e2e$rep c=$B/e2e$rep-central
  start_daemon "$d" on e2e$rep e2e$rep
  start_collector "$c" e2e$rep
  # the collector has joined its group and writes: a file made now reaches the central history
  # (without this wait its JVM start and group join, ~4 s, counted in every probe's latency)
  collected collector-ready
  if [ "$WARM" -gt 0 ]; then warm_up "$d" on; collected warm-up-collected; fi
  "$PY" bench/ship_latency.py "$d/w" "$c/e2e$rep" > "$d/latency" & lpid=$!; pids+=($lpid)
  "$PY" bench/workload.py burst "$d/w/burst" --expected "$d/expected.tsv" --events "$N" > /dev/null || die "burst failed"
  kill -USR1 $lpid; wait $lpid || die "ship_latency.py failed"
  stop_daemon $dpid; kill -TERM $cpid; wait $cpid 2>/dev/null
  # probes lost to an overflow of the kernel's queue (the machine saturated) are behind these markers
  overflows=$(zcat -f "$d"/h/events-* | grep -c '"event_type":"OVERFLOW"')
  echo "e2e rep=$rep $(cat "$d/latency") overflow_markers=$overflows"
  row "end to end, probe's file change -> its central line: p50, p99, max s" \
    "$(sed -E 's/.*probe_p50_s=([^ ]+) probe_p99_s=([^ ]+) probe_max_s=([^ ]+).*/\1, \2, \3/' "$d/latency") ($(sed -E 's/^probes=([0-9]+) made=([0-9]+).*/\1 of \2/' "$d/latency") probes; $overflows overflow markers)"
  row "end to end, every line, event read -> central line: p50, p99 s" \
    "$(sed -E 's/.*line_p50_s=([^ ]+) line_p99_s=([^ ]+).*/\1, \2/' "$d/latency")"

  fi

  # 4. catch-up after a broker outage during bursts
  if on outage; then
  d=$B/outage$rep
  start_daemon "$d" on outage$rep outage$rep
  "$PY" bench/workload.py burst "$d/w/warm" --expected "$d/x" --events 3000 > /dev/null
  wait_for 60 shipped_all "$d"
  before=$(history_lines "$d")
  kill -9 $bpid; wait $bpid 2>/dev/null; tk=$(now) i=0
  while [ $(( $(now) - tk )) -lt $(( OUTAGE * 1000000000 )) ]; do
    tb=$(now); i=$((i + 1))
    "$PY" bench/workload.py burst "$d/w/o$i" --expected "$d/x" --events $(( N / 10 )) > /dev/null || die "burst failed"
    left=$(( 3000000000 - ($(now) - tb) )); [ $left -gt 0 ] && sleep "$(echo "$left / 1000000000" | bc -l)"
  done
  behind=$(( $(history_lines "$d") - before ))
  ts=$(now); start_broker; tl=$(now)
  wait_for 600 shipped_all "$d"; te=$(now)
  stop_daemon $dpid
  printf 'outage rep=%d outage_s=%.1f bursts=%d lines_behind=%d broker_listening_s=%.2f caught_up_s=%.2f\n' "$rep" \
    "$(secs $tk $ts)" "$i" "$behind" "$(secs $ts $tl)" "$(secs $ts $te)"
  row "outage of $(printf %.0f "$(secs $tk $ts)") s: lines behind, s from broker start to lag 0 (it listened after)" \
    "$behind, $(printf %.2f "$(secs $ts $te)") ($(printf %.2f "$(secs $ts $tl)"))"
  fi
done

# 5. one collector, several hosts' streams at once
if on collect; then
total=0 dp=()
for h in $(seq "$HOSTS"); do
  d=$B/fleet$h; mkdir -p "$d/h"
  make_backlog "$d/h/events-$(date -u +%F)-000.jsonl" $(( N / 2 ))
  start_daemon "$d" on "web-$h" fleet; dp+=($dpid)
  total=$(( total + N / 2 ))
done
for h in $(seq "$HOSTS"); do wait_for 600 shipped_all "$B/fleet$h"; done
for p in "${dp[@]}"; do stop_daemon "$p"; done
c=$B/fleet-central; t0=$(now)
start_collector "$c" fleet
first_line() { [ "$(central_lines "$c")" -gt 0 ]; }
central_has() { [ "$(central_lines "$c")" -ge "$total" ]; }
wait_for 120 first_line; tf=$(now); cf=$(cpu_s $cpid)
wait_for 600 central_has
t1=$(now); cc=$(cpu_s $cpid)
kill -TERM $cpid; wait $cpid 2>/dev/null
printf 'collect hosts=%d lines=%d first_line_s=%.2f wall_s=%.2f lines_per_s=%d cpu_s=%.2f cpu_after_first_s=%.2f lines_per_cpu_s=%d\n' \
  "$HOSTS" "$total" "$(secs $t0 $tf)" "$(secs $tf $t1)" "$(echo "$total / $(secs $tf $t1)" | bc)" "$cc" \
  "$(echo "$cc - $cf" | bc -l)" "$(echo "$total / $cc" | bc)"
row "collect, $HOSTS hosts' $total lines: lines/s from its first line; per CPU s, all / after the first line" \
  "$(echo "$total / $(secs $tf $t1)" | bc); $(echo "$total / $cc" | bc) / $(echo "$total / ($cc - $cf)" | bc)"
fi
echo; echo "bench/ship.sh $N $REPS (WARM=$WARM OUTAGE=$OUTAGE HOSTS=$HOSTS) at $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$B/table"
