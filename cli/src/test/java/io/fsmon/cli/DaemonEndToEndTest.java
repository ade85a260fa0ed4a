package io.fsmon.cli;

import static io.fsmon.cli.DaemonHarness.hasPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.cli.DaemonHarness.Result;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon for real: a child java process in temporary folders, real fanotify on a scratch tmpfs. */
@KernelTest
class DaemonEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path base;

    @BeforeEach
    void root() {
        Privileged.assumeRoot();
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Result r) throws Exception {
        return JsonOutput.parse(r.ok().out().strip());
    }

    @Test
    void addChangeRemoveRestartAndRefusals() throws Exception {
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "keep_days = 30\n")) {
            Path a = Files.createDirectories(fs.root().resolve("a"));
            Path b = Files.createDirectories(fs.root().resolve("b"));
            Path old = Files.createDirectories(h.history).resolve("events-2020-01-01-000.jsonl");
            Files.writeString(old, "{}\n");
            h.start();
            assertThat(old).as("keep_days = 30 applied at start").doesNotExist();

            Result second = Result.of(concat(new String[]{"daemon"}, h.locations()));
            assertThat(second.code()).isEqualTo(ExitCode.ALREADY_RUNNING);
            assertThat(second.err().strip()).isEqualTo("fsmon: a daemon is already running (pid " + h.daemon.pid()
                    + ", runtime directory " + h.runtime + ")");

            assertThat(h.run("add", a.toString(), "-r").ok().out()).contains("watching " + a);
            h.run("add", b.toString(), "-r", "-t", "create").ok();
            java.io.ByteArrayOutputStream tailOut = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream tailErr = new java.io.ByteArrayOutputStream();
            java.util.concurrent.CompletableFuture<Integer> tail = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    Main.run(new java.io.PrintStream(tailOut, true, java.nio.charset.StandardCharsets.UTF_8),
                            new java.io.PrintStream(tailErr, true, java.nio.charset.StandardCharsets.UTF_8),
                            "tail", "-f", "json", "-t", "delete", "--runtime-dir", h.runtime.toString()));
            awaitSubscribers(h, 1);
            Shell.sh(a, "mkdir sub && echo hi > sub/one && mv sub/one sub/two && rm sub/two");
            List<FileEvent> events = h.awaitEvents(l -> l.stream().anyMatch(e -> e.type() == EventType.DELETE
                    && (a + "/sub/two").equals(e.path())), WAIT);
            assertThat(events).anyMatch(e -> e.type() == EventType.MOVED_TO && (a + "/sub/two").equals(e.path())
                    && (a + "/sub/one").equals(e.oldPath()) && e.actor() != null && e.actor().pid() > 0);

            assertThat(h.run("list").ok().out()).contains(a + " -r").contains(b + " -r -t CREATE");
            Map<String, Object> status = json(h.run("status", "-f", "json"));
            assertThat(status.get("pid")).isEqualTo(h.daemon.pid());
            assertThat((List<?>) status.get("watches")).hasSize(2);
            assertThat(((Map<String, Object>) status.get("counters")).get("type.DELETE")).isEqualTo(1L);
            assertThat(h.run("status").ok().out()).contains("running (pid " + h.daemon.pid()).contains(", commit ").contains("RSS");

            Result missing = h.run("add", fs.root() + "/missing");
            assertThat(missing.code()).isEqualTo(ExitCode.PATH_NOT_FOUND);
            assertThat(missing.err().lines()).hasSize(1).first().asString().contains("no such file or directory");
            Result notWatched = h.run("remove", fs.root() + "/never");
            assertThat(notWatched.code()).isEqualTo(ExitCode.PATH_NOT_FOUND);
            assertThat(notWatched.err().strip()).isEqualTo("fsmon: not watched: " + fs.root() + "/never");

            // remove really stops the events: a change under a, then one under b; once b's is in
            // the history, a's would have been too.
            h.run("remove", a.toString()).ok();
            Shell.sh(a, "touch after-remove");
            Shell.sh(b, "touch marker1");
            events = h.awaitEvents(hasPath(b + "/marker1"), WAIT);
            assertThat(events).noneMatch(e -> (a + "/after-remove").equals(e.path()));

            h.stopGracefully();
            assertThat(tail.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(tailErr.toString(java.nio.charset.StandardCharsets.UTF_8).strip())
                    .isEqualTo("fsmon: the daemon closed the stream");
            assertThat(tailOut.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                    .singleElement().asString().contains("\"event_type\":\"DELETE\"", "\"path\":\"" + a + "/sub/two\"");
            Result down = h.run("status");
            assertThat(down.code()).isEqualTo(ExitCode.DAEMON_NOT_RUNNING);

            h.start();
            assertThat(h.run("list").ok().out().strip()).isEqualTo(b + " -r -t CREATE");
            Shell.sh(b, "touch marker2");
            h.awaitEvents(hasPath(b + "/marker2"), WAIT);
            h.stopGracefully();
        }
    }

    /** Polls status until the daemon counts {@code n} tail subscribers. */
    static void awaitSubscribers(DaemonHarness h, long n) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (((Number) ((Map<?, ?>) json(h.run("status", "-f", "json")).get("counters")).get("subscribers")).longValue() < n) {
            assertThat(System.nanoTime()).as("tail subscribed").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void killMinus9DuringABurstLosesNothingTheDaemonHadRead() throws Exception {
        int n = 40_000;
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "")) {
            Path dir = Files.createDirectories(fs.root().resolve("burst"));
            h.start();
            h.run("add", dir.toString(), "-r", "-t", "create").ok();
            Process workload = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt " + n + " ]; do : > f$i; i=$((i+1)); done")
                    .directory(dir.toFile()).start();
            h.awaitEvents(l -> l.size() >= 2000, WAIT);
            // Freeze the workload, kill the daemon, and compare what was done with what was kept.
            Shell.run(List.of("kill", "-STOP", String.valueOf(workload.pid())));
            Result killed = h.run("stop", "--force").ok(); // SIGKILL to the lock holder's pid
            assertThat(killed.err().strip()).isEqualTo("fsmon: daemon killed (pid " + h.daemon.pid() + ")");
            assertThat(h.daemon.waitFor()).isEqualTo(137);
            h.daemon = null;
            long done;
            try (Stream<Path> s = Files.list(dir)) {
                done = s.count();
            }
            workload.destroyForcibly();
            workload.waitFor();
            List<FileEvent> events = h.events();
            boolean[] seen = new boolean[n];
            int max = -1;
            long kept = 0;
            for (FileEvent e : events) {
                if (e.type() == EventType.CREATE && e.path() != null && e.path().startsWith(dir + "/f")) {
                    int i = Integer.parseInt(e.path().substring(dir.toString().length() + 2));
                    seen[i] = true;
                    max = Math.max(max, i);
                    kept++;
                }
            }
            int holes = 0;
            for (int i = 0; i <= max; i++) {
                holes += seen[i] ? 0 : 1;
            }
            long overflows = events.stream().filter(e -> e.type() == EventType.OVERFLOW).count();
            System.out.printf("kill -9 during a burst: the workload had created %d files; the history holds %d CREATEs "
                    + "(f0..f%d, %d holes, %d overflow markers); %d (%.1f%%) were still in the kernel queue or unread%n",
                    done, kept, max, holes, overflows, done - kept, 100.0 * (done - kept) / done);
            assertThat(kept).isGreaterThanOrEqualTo(2000).isLessThanOrEqualTo(done);
            if (overflows == 0) {
                assertThat(holes).as("every event before the last one kept is there").isZero();
            }
            // The lock died with the process; the stale socket is replaced; the watch comes back.
            h.start();
            assertThat(h.run("list").ok().out()).contains(dir + " -r -t CREATE");
            h.stopGracefully();
        }
    }

    /** The time the daemon was down is in the history as a GAP, and a query over it says so. */
    @Test
    void aRestartAfterKillMinus9WritesAGapForTheDowntimeAndAQuerySaysSo() throws Exception {
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "")) {
            Path dir = Files.createDirectories(fs.root().resolve("down"));
            h.start();
            h.run("add", dir.toString(), "-t", "create").ok();
            Shell.sh(dir, "touch before");
            FileEvent last = h.awaitEvents(hasPath(dir + "/before"), WAIT).getLast();
            h.run("stop", "--force").ok();
            assertThat(h.daemon.waitFor()).isEqualTo(137);
            h.daemon = null;
            // A torn last line, as a crash in the middle of a write leaves one.
            Path newest = new io.fsmon.log.HistoryLayout(h.history).files().getLast().path();
            Files.writeString(newest, "{\"time\":\"2999-01-01T00:00:00.000000000Z\",\"event_ty",
                    java.nio.file.StandardOpenOption.APPEND);
            java.time.Instant beforeStart = java.time.Instant.now();
            h.start();
            java.time.Instant ready = java.time.Instant.now();
            Shell.sh(dir, "touch after");
            List<FileEvent> events = h.awaitEvents(hasPath(dir + "/after"), WAIT);
            List<FileEvent> gaps = events.stream().filter(e -> e.type() == EventType.GAP).toList();
            assertThat(gaps).hasSize(1);
            FileEvent gap = gaps.getFirst();
            assertThat(gap.since()).isEqualTo(last.time());
            assertThat(gap.until()).isAfterOrEqualTo(beforeStart).isBeforeOrEqualTo(ready);
            assertThat(gap.dropped()).as("unknown: nothing was counting").isNull();
            assertThat(events.indexOf(gap)).as("the GAP comes before the events after the restart")
                    .isLessThan(events.indexOf(events.stream().filter(e -> (dir + "/after").equals(e.path())).findFirst().orElseThrow()));
            h.stopGracefully();

            Result q = Result.of("query", "--history", h.history.toString(), "--since", last.time().plusMillis(1).toString(),
                    "--until", gap.until().plusMillis(1).toString());
            assertThat(q.code()).as(q.err()).isZero();
            assertThat(q.err()).contains("results may be incomplete between " + last.time() + " and " + gap.until())
                    .contains("not watching");
            assertThat(q.out()).contains("GAP").contains("not watching");
        }
    }

    @Test
    void everyEventAfterTheCurrentFileIsDeletedReachesTheRecreatedFile() throws Exception {
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "")) {
            Path dir = Files.createDirectories(fs.root().resolve("d"));
            h.start();
            h.run("add", dir.toString(), "-t", "create").ok();
            Shell.sh(dir, "touch first");
            h.awaitEvents(hasPath(dir + "/first"), WAIT);
            Path current = Path.of((String) ((Map<?, ?>) json(h.run("status", "-f", "json")).get("history")).get("current"));
            Files.delete(current);
            Shell.sh(dir, "for i in $(seq 1 100); do touch after$i; done");
            h.awaitEvents(hasPath(dir + "/after100"), WAIT);
            List<String> lines = Files.readAllLines(current);
            for (int i = 1; i <= 100; i++) {
                String p = "\"" + dir + "/after" + i + "\"";
                assertThat(lines).as("after%d in the recreated file", i).anyMatch(l -> l.contains(p));
            }
            assertThat(json(h.run("status", "-f", "json")).get("counters").toString()).contains("history_recreated=1");
            h.stopGracefully();
        }
    }

    @Test
    void aSlowTailCostsTheHistoryNothingAndGetsAGapMarker() throws Exception {
        int n = 5000;
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "tail_queue = 64\n")) {
            Path dir = Files.createDirectories(fs.root().resolve("t"));
            h.start();
            h.run("add", dir.toString(), "-t", "create").ok();
            try (SlowTail slow = SlowTail.open(h.runtime.resolve("fsmon.sock"))) {
                Shell.sh(dir, "i=0; while [ $i -lt " + n + " ]; do : > f$i; i=$((i+1)); done");
                List<FileEvent> events = h.awaitEvents(l -> l.stream().filter(e -> e.type() == EventType.CREATE).count() >= n, WAIT);
                assertThat(events.stream().filter(e -> e.type() == EventType.CREATE).map(FileEvent::path).distinct()).hasSize(n);
                Result st = h.run("status", "-f", "json");
                assertThat(st.code()).as("%s %s", st.err(), h.daemon.stderr()).isZero();
                Map<?, ?> counters = (Map<?, ?>) json(st).get("counters");
                long dropped = ((Number) counters.get("dropped_to_subscribers")).longValue();
                assertThat(dropped).isPositive();
                FileEvent gap = slow.awaitGap(Duration.ofSeconds(10));
                assertThat(gap.dropped()).isPositive();
                assertThat(gap.since()).isNotNull();
            }
            h.stopGracefully();
        }
    }

    @Test
    void aClientThatIsNotRootCannotAddOrStopButItsGroupMayRead() throws Exception {
        try (DaemonHarness h = new DaemonHarness(base, "group = \"nogroup\"\n")) {
            Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            h.start();
            List<String> cp = Nobody.classPath(base.resolve("jail"));
            Nobody.Run add = Nobody.run(cp, "add", "/tmp", "--runtime-dir", h.runtime.toString());
            assertThat(add.code()).isEqualTo(ExitCode.DENIED);
            assertThat(add.err()).containsExactly("fsmon: 'add' needs root (you are nobody)");
            Nobody.Run stop = Nobody.run(cp, "stop", "--runtime-dir", h.runtime.toString());
            assertThat(stop.code()).isEqualTo(ExitCode.DENIED);
            assertThat(stop.err()).containsExactly("fsmon: 'stop' needs root (you are nobody)");
            Nobody.Run force = Nobody.run(cp, "stop", "--force", "--runtime-dir", h.runtime.toString());
            assertThat(force.code()).isEqualTo(ExitCode.DENIED);
            assertThat(force.err()).hasSize(1);
            Nobody.Run status = Nobody.run(cp, "status", "--runtime-dir", h.runtime.toString());
            assertThat(status.code()).as("status by a member of the group: %s %s", status.err(), h.daemon.stderr()).isZero();
            assertThat(h.daemon.pid()).matches(pid -> ProcessHandle.of(pid).isPresent());
            h.stopGracefully();
        }
    }

    /** The history names every user's command lines: 0750/0640 in the group, whatever the umask or an older run left. */
    @Test
    void theHistoryIsReadableByTheGroupOnlyAndALooserOneIsNarrowedAtStart() throws Exception {
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "group = \"nogroup\"\n")) {
            Path dir = Files.createDirectories(fs.root().resolve("p"));
            Path old = Files.createDirectories(h.history).resolve("events-2020-01-01-000.jsonl");
            Files.writeString(old, "{}\n");
            Files.setPosixFilePermissions(h.history, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(old, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            h.start();
            h.run("add", dir.toString(), "-t", "create").ok();
            Shell.sh(dir, "touch private");
            h.awaitEvents(hasPath(dir + "/private"), WAIT);
            Path current = Path.of((String) ((Map<?, ?>) json(h.run("status", "-f", "json")).get("history")).get("current"));
            h.stopGracefully();
            assertThat(mode(h.history)).isEqualTo("rwxr-x--- nogroup");
            assertThat(mode(old)).isEqualTo("rw-r----- nogroup");
            assertThat(mode(current)).isEqualTo("rw-r----- nogroup");
            assertThat(h.daemonErr()).filteredOn(l -> l.contains("narrowed the modes of 2 entries of " + h.history))
                    .hasSize(1);
        }
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(Files.createDirectories(base.resolve("b")), "")) {
            Path dir = Files.createDirectories(fs.root().resolve("q"));
            h.start();
            h.run("add", dir.toString(), "-t", "create").ok();
            Shell.sh(dir, "touch private");
            h.awaitEvents(hasPath(dir + "/private"), WAIT);
            h.stopGracefully();
            assertThat(mode(h.history)).isEqualTo("rwxr-x--- root");
            assertThat(mode(new io.fsmon.log.HistoryLayout(h.history).files().getFirst().path())).isEqualTo("rw-r----- root");
        }
    }

    static String mode(Path p) throws java.io.IOException {
        var a = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class);
        return java.nio.file.attribute.PosixFilePermissions.toString(a.permissions()) + " " + a.group().getName();
    }

    @Test
    void monitorDaemonDetachesAndSystemdHearsReadyWatchdogAndStopping() throws Exception {
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "");
             Notifications notify = Notifications.bind(base.resolve("notify.sock"))) {
            Path dir = Files.createDirectories(fs.root().resolve("m"));
            // monitor --daemon: a background daemon is started and given the paths
            Result r = Result.of(concat(new String[]{"monitor", dir.toString(), "-r", "--daemon"}, h.locations()));
            assertThat(r.code()).as(r.err()).isZero();
            long pid = Long.parseLong(r.err().replaceAll("(?s).*background \\(pid (\\d+)\\).*", "$1"));
            try {
                // the launcher's flags (heap limit, serial GC, C1 only), from the file ./fsmon reads
                // from /proc: the JDK's ProcessHandle.Info gives no arguments past a page (4 KiB) of
                // command line, and the test class path (with the fleet tests' Kafka broker) is longer
                assertThat(List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0")))
                        .contains("@" + Path.of("src/main/jvm/monitor.args").toAbsolutePath());
                Shell.sh(dir, "touch detached");
                h.awaitEvents(hasPath(dir + "/detached"), WAIT);
                Result again = Result.of(concat(new String[]{"daemon", "--detach"}, h.locations()));
                assertThat(again.code()).isEqualTo(ExitCode.ALREADY_RUNNING);
                assertThat(again.err().lines().toList()).containsExactly("fsmon: a daemon is already running (pid " + pid
                        + ", runtime directory " + h.runtime + ")");
                h.run("stop").ok();
                assertThat(ProcessHandle.of(pid)).isEmpty();
            } finally {
                // A detached daemon is no child of the harness: never leave it running after a failure.
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }

            // systemd: Type=notify
            h.start(Map.of("NOTIFY_SOCKET", notify.path(), "WATCHDOG_USEC", "2000000"));
            assertThat(notify.next()).isEqualTo("READY=1\nMAINPID=" + h.daemon.pid());
            assertThat(notify.next()).isEqualTo("WATCHDOG=1");
            h.stopGracefully();
            List<String> rest = new ArrayList<>();
            for (String s; !(s = notify.next()).equals("STOPPING=1"); ) {
                rest.add(s);
            }
            assertThat(rest).allMatch(s -> s.equals("WATCHDOG=1"));
        }
    }

    /** Started from ./fsmon (fsmon.launcher), the detached daemon is started through it: its flags and AOT cache. */
    @Test
    void aDetachedDaemonIsStartedThroughTheLauncherThatStartedItsClient() throws Exception {
        Path script = base.resolve("fsmon-launcher");
        Path mark = base.resolve("launched-with");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > " + mark + "\nexec " + ProcessHandle.current().info().command()
                .orElseThrow() + " --enable-native-access=ALL-UNNAMED -cp " + System.getProperty("java.class.path") + " "
                + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        DaemonHarness h = new DaemonHarness(base, "");
        String before = System.getProperty("fsmon.launcher");
        System.setProperty("fsmon.launcher", script.toString());
        long pid = -1;
        try {
            Result r = Result.of(concat(new String[]{"daemon", "--detach"}, h.locations()));
            assertThat(r.code()).as(r.err()).isZero();
            pid = Long.parseLong(r.out().strip());
            assertThat(Files.readString(mark)).startsWith("daemon --detached");
            h.run("stop").ok();
        } finally {
            if (before == null) {
                System.clearProperty("fsmon.launcher");
            } else {
                System.setProperty("fsmon.launcher", before);
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void badInputGivesOneLineAndItsExitCode() throws Exception {
        String run = base.resolve("nothing-here").toString();
        for (String[] args : List.of(new String[]{"status"}, new String[]{"list"}, new String[]{"stop"},
                new String[]{"stop", "--force"}, new String[]{"tail"}, new String[]{"add", "/tmp"},
                new String[]{"remove", "/tmp"})) {
            Result r = Result.of(concat(args, "--runtime-dir", run));
            assertThat(r.code()).as("%s: %s", List.of(args), r.err()).isEqualTo(ExitCode.DAEMON_NOT_RUNNING);
            assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("fsmon: the daemon is not running");
        }
        Result json = Result.of("status", "-f", "json", "--runtime-dir", run);
        assertThat(json.out().strip()).startsWith("{\"running\":false");
        assertUsage("Unknown option: '--bogus'", "add", "/tmp", "--bogus");
        assertUsage("invalid size '12XB'", "tail", "-m", "12XB");
        assertUsage("unknown event type 'nope'", "add", "/tmp", "-t", "nope");
        assertUsage("Invalid value for option '--format'", "status", "-f", "xml");
        Files.writeString(base.resolve("bad.toml"), "keep_days = \"soon\"\n");
        assertUsage("keep_days must be an integer from 0 to 2147483647", "daemon", "--config", base.resolve("bad.toml").toString(),
                "--runtime-dir", run);
        Files.writeString(base.resolve("bad2.toml"), "max_size = \"12XB\"\n");
        assertUsage("max_size: invalid size '12XB'", "daemon", "--config", base.resolve("bad2.toml").toString(),
                "--runtime-dir", run);
        assertUsage("config file not found", "daemon", "--config", base.resolve("none.toml").toString());
    }

    private static void assertUsage(String message, String... args) {
        Result r = Result.of(args);
        assertThat(r.code()).as("%s: %s", List.of(args), r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("fsmon: ").contains(message);
        assertThat(r.err().lines().count()).isLessThanOrEqualTo(2);
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void serviceUnitIsHardenedAndInstallable() {
        String unit = Result.of("service").ok().out();
        assertThat(unit).contains("Type=notify", "WatchdogSec=", "Restart=on-failure",
                "CapabilityBoundingSet=CAP_SYS_ADMIN CAP_DAC_READ_SEARCH CAP_SYS_PTRACE", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/fsmon /run/fsmon", "ExecStart=/", " daemon\n",
                " @" + Path.of("src/main/jvm/monitor.args").toAbsolutePath() + " ",
                " -Djava.library.path=" + Path.of("target/native").toAbsolutePath() + " ");
        Result r = Result.of("service", "--install", "--unit-dir", base.toString(), "--exec", "/usr/local/bin/fsmon daemon");
        r.ok();
        assertThat(base.resolve("fsmon.service")).content().contains("ExecStart=/usr/local/bin/fsmon daemon\n");
    }
}
