package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.cli.DaemonHarness.Result;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.history.Query;
import io.fsmon.history.QueryEngine;
import io.fsmon.history.QueryReport;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a real daemon meets while a burst is written: {@code clean} compressing and removing
 * around the file being written, the file moved away, a full disk. Each test counts: every file
 * the workload made is in the history exactly once, or counted in a {@code GAP}.
 */
@KernelTest
class HistoryFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path base;

    @BeforeEach
    void root() {
        Privileged.assumeRoot();
    }

    private static Process burst(Path dir, int n) throws Exception {
        return new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt " + n + " ]; do : > f$i; i=$((i+1)); done")
                .directory(dir.toFile()).start();
    }

    /** Every event of the history, compressed files included, as query reads it. */
    private static List<FileEvent> history(Path dir, QueryReport[] report) throws Exception {
        List<FileEvent> out = new ArrayList<>();
        QueryReport r = new QueryEngine(new HistoryLayout(dir), 1).query(Query.all(), out::add);
        if (report != null) {
            report[0] = r;
        }
        return out;
    }

    private static List<String> creates(List<FileEvent> events, Path dir) {
        return events.stream().filter(e -> e.type() == EventType.CREATE && e.path() != null
                && e.path().startsWith(dir + "/f")).map(FileEvent::path).toList();
    }

    private static List<FileEvent> await(Path history, Predicate<List<FileEvent>> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<FileEvent> e = history(history, null);
            if (done.test(e)) {
                return e;
            }
            assertThat(System.nanoTime()).as("history reached the expected state; %d events", e.size()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void cleanDuringABurstCompressesAndRemovesButLosesAndDuplicatesNothing() throws Exception {
        int n = 4000;
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "rotate_size = \"64KB\"\n")) {
            Path dir = Files.createDirectories(fs.root().resolve("burst"));
            Files.createDirectories(h.history);
            for (String day : List.of("2020-01-01", "2020-01-02")) {
                Files.writeString(h.history.resolve("events-" + day + "-000.jsonl"),
                        "{\"time\":\"" + day + "T10:00:00.000000000Z\",\"event_type\":\"CREATE\",\"path\":\"/old\"}\n");
            }
            h.start();
            h.run("add", dir.toString(), "-t", "create").ok();
            Process workload = burst(dir, n);
            // clean runs again and again until the daemon has written the whole burst
            int cleans = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (cleans < 3 || creates(history(h.history, null), dir).size() < n) {
                assertThat(System.nanoTime()).as("the burst reached the history").isLessThan(deadline);
                Result c = Result.of("clean", "--history", h.history.toString(), "--keep-days", "30", "--compress");
                assertThat(c.code()).as(c.err()).isZero();
                cleans++;
            }
            assertThat(workload.waitFor()).isZero();
            QueryReport[] report = new QueryReport[1];
            List<String> created = creates(history(h.history, report), dir);
            h.stopGracefully();
            System.out.printf("clean during a burst: %d cleans while %d files were made; the history holds %d CREATEs, "
                    + "%d distinct%n", cleans, n, created.size(), new HashSet<>(created).size());
            assertThat(created).hasSize(n);
            assertThat(new HashSet<>(created)).hasSize(n);
            assertThat(report[0].malformed()).isEmpty();
            assertThat(report[0].damaged()).isEmpty();
            assertThat(h.history.resolve("events-2020-01-01-000.jsonl")).doesNotExist();
            try (var s = Files.list(h.history)) {
                assertThat(s.filter(p -> p.toString().endsWith(".jsonl.gz")).count()).as("compressed files").isPositive();
            }
        }
    }

    @Test
    void theFileMovedAwayDuringABurstIsRecreatedAndTheTwoHoldEveryEventOnce() throws Exception {
        int n = 4000;
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "")) {
            Path dir = Files.createDirectories(fs.root().resolve("burst"));
            h.start();
            h.run("add", dir.toString(), "-t", "create").ok();
            // The workload stops itself halfway; once that half is written it is resumed and the file
            // moved at once, while the second half streams in.
            Process workload = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt " + n + " ]; do : > f$i; i=$((i+1)); "
                    + "[ $i -eq " + n / 2 + " ] && kill -STOP $$; done; exit 0").directory(dir.toFile()).start();
            await(h.history, l -> creates(l, dir).size() >= n / 2);
            Path current = Path.of((String) ((Map<?, ?>) DaemonEndToEndTest.json(h.run("status", "-f", "json"))
                    .get("history")).get("current"));
            Path moved = base.resolve("moved.jsonl");
            Shell.run(List.of("kill", "-CONT", String.valueOf(workload.pid())));
            Files.move(current, moved);
            assertThat(workload.waitFor()).isZero();
            await(h.history, l -> {
                try {
                    return creates(l, dir).size() + creates(read(moved), dir).size() >= n;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            long recreated = ((Number) ((Map<?, ?>) DaemonEndToEndTest.json(h.run("status", "-f", "json"))
                    .get("counters")).get("history_recreated")).longValue();
            h.stopGracefully();
            List<String> all = new ArrayList<>(creates(read(moved), dir));
            int inMoved = all.size();
            all.addAll(creates(history(h.history, null), dir));
            System.out.printf("history file moved away during a burst of %d: %d CREATEs in the moved file, %d in the "
                    + "recreated one, %d distinct%n", n, inMoved, all.size() - inMoved, new HashSet<>(all).size());
            assertThat(recreated).isEqualTo(1);
            assertThat(inMoved).isGreaterThanOrEqualTo(n / 2).isLessThan(n);
            assertThat(all).hasSize(n);
            assertThat(new HashSet<>(all)).hasSize(n);
        }
    }

    private static List<FileEvent> read(Path file) throws Exception {
        JsonLines json = new JsonLines();
        List<FileEvent> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            try {
                out.add(json.parse(l));
            } catch (MalformedLineException e) {
                throw new AssertionError("a torn line in " + file + ": " + l, e);
            }
        }
        return out;
    }

    /** The history folder on a 2 MiB tmpfs, filled up while the daemon writes a burst, then freed. */
    @Test
    void aFullDiskKeepsEveryEventOrCountsItInAGap() throws Exception {
        int first = 500;
        int second = 2000;
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "")) {
            Path dir = Files.createDirectories(fs.root().resolve("burst"));
            Files.createDirectories(h.history);
            Shell.run(List.of("mount", "-t", "tmpfs", "-o", "size=2m", "fsmon-full", h.history.toString()));
            try {
                h.start();
                h.run("add", dir.toString(), "-t", "create").ok();
                assertThat(burst(dir, first).waitFor()).isZero();
                await(h.history, l -> creates(l, dir).size() >= first);
                Shell.sh(h.history, "dd if=/dev/zero of=.hog bs=4k count=1000 2>/dev/null || true");
                Process workload = new ProcessBuilder("sh", "-c", "i=" + first + "; while [ $i -lt " + (first + second)
                        + " ]; do : > f$i; i=$((i+1)); done").directory(dir.toFile()).start();
                assertThat(workload.waitFor()).isZero();
                awaitStatus(h, true);
                Files.delete(h.history.resolve(".hog"));
                awaitStatus(h, false);
                List<FileEvent> events = await(h.history, l -> creates(l, dir).size()
                        + l.stream().filter(e -> e.type() == EventType.GAP && e.dropped() != null)
                        .mapToLong(FileEvent::dropped).sum() >= first + second);
                long dropped = events.stream().filter(e -> e.type() == EventType.GAP && e.dropped() != null)
                        .mapToLong(FileEvent::dropped).sum();
                List<String> created = creates(events, dir);
                h.stopGracefully();
                System.out.printf("full disk: %d files made, %d CREATEs written (%d distinct), %d counted in GAP markers%n",
                        first + second, created.size(), new HashSet<>(created).size(), dropped);
                assertThat(created.size() + dropped).isEqualTo(first + second);
                assertThat(new HashSet<>(created)).hasSameSizeAs(created);
                assertThat(h.daemonErr()).anyMatch(l -> l.contains("history: cannot write"))
                        .anyMatch(l -> l.contains("history: writing again"));
            } finally {
                h.close();
                Shell.run(List.of("umount", "-l", h.history.toString()));
            }
        }
    }

    /** Polls status until the history writer is (or is no longer) failing; status exits DEGRADED while it is. */
    private static void awaitStatus(DaemonHarness h, boolean failing) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Result r = h.run("status", "-f", "json");
            Object now = ((Map<?, ?>) JsonOutput.parse(r.out().strip()).get("history")).get("failing");
            if (Boolean.valueOf(failing).equals(now)) {
                if (failing) {
                    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.DEGRADED);
                }
                return;
            }
            assertThat(System.nanoTime()).as("history failing = %s", failing).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
