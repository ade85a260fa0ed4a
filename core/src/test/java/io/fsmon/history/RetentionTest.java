package io.fsmon.history;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fsmon.history.Histories.event;
import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");

    @TempDir
    Path dir;

    private void days(int... daysAgo) throws Exception {
        for (int d : daysAgo) {
            LocalDate day = LocalDate.parse("2026-05-10").minusDays(d);
            Histories.write(dir, day, 0, List.of(event(day + "T10:00:00Z", EventType.CREATE, "/f" + d)));
        }
    }

    private List<String> names() throws Exception {
        return new HistoryLayout(dir).files().stream().map(f -> f.path().getFileName().toString()).toList();
    }

    @Test
    void keepDaysRemovesWholeOldFilesOnly() throws Exception {
        days(9, 8, 3, 1, 0);
        Retention r = new Retention(new HistoryLayout(dir));
        Retention.Plan plan = r.plan(3, null, false, NOW);
        // 2026-05-07 (3 days ago) still holds events younger than 3 days until its end
        assertThat(plan.remove()).extracting(e -> e.file().path().getFileName().toString())
                .containsExactly("events-2026-05-01-000.jsonl", "events-2026-05-02-000.jsonl");
        r.apply(plan);
        assertThat(names()).containsExactly("events-2026-05-07-000.jsonl", "events-2026-05-09-000.jsonl",
                "events-2026-05-10-000.jsonl");
    }

    @Test
    void maxSizeRemovesOldestFirstButNeverTheNewest() throws Exception {
        days(4, 3, 2, 1);
        long one = Files.size(new HistoryLayout(dir).files().getFirst().path());
        Retention r = new Retention(new HistoryLayout(dir));
        r.apply(r.plan(null, 2 * one, false, NOW));
        assertThat(names()).containsExactly("events-2026-05-08-000.jsonl", "events-2026-05-09-000.jsonl");
        r.apply(r.plan(null, 0L, false, NOW));
        assertThat(names()).containsExactly("events-2026-05-09-000.jsonl");
        r.apply(r.plan(0, 0L, false, NOW));
        assertThat(names()).containsExactly("events-2026-05-09-000.jsonl");
    }

    @Test
    void filesTheShipperHasNotSentAreKeptWhateverTheLimits() throws Exception {
        days(9, 8, 3, 1, 0);
        Files.writeString(dir.resolve(HistoryLayout.UNSENT_MARK), "events-2026-05-02-000\n"); // the shipper is there
        Retention r = new Retention(new HistoryLayout(dir));
        Retention.Plan age = r.plan(3, null, false, NOW);
        assertThat(age.remove()).extracting(e -> e.file().path().getFileName().toString())
                .containsExactly("events-2026-05-01-000.jsonl");
        assertThat(age.kept()).extracting(e -> e.file().path().getFileName().toString())
                .containsExactly("events-2026-05-02-000.jsonl");
        Retention.Plan size = r.plan(3, 0L, false, NOW);
        assertThat(size.remove()).extracting(e -> e.file().path().getFileName().toString())
                .containsExactly("events-2026-05-01-000.jsonl");
        assertThat(size.kept()).extracting(e -> e.file().path().getFileName().toString()).containsExactly(
                "events-2026-05-02-000.jsonl", "events-2026-05-07-000.jsonl", "events-2026-05-09-000.jsonl");
        r.apply(size);
        assertThat(names()).hasSize(4);
        Files.writeString(dir.resolve(HistoryLayout.UNSENT_MARK), "not a file name"); // damaged: keep everything
        assertThat(r.plan(0, 0L, false, NOW).remove()).isEmpty();
        Files.delete(dir.resolve(HistoryLayout.UNSENT_MARK)); // not shipped (any more): the limits alone decide
        assertThat(r.plan(null, 0L, false, NOW).remove()).hasSize(3);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        days(9, 8, 0);
        Retention r = new Retention(new HistoryLayout(dir));
        Retention.Plan plan = r.plan(1, null, true, NOW);
        assertThat(plan.remove()).hasSize(2);
        assertThat(names()).hasSize(3); // planning alone removes nothing
    }

    @Test
    void compressionKeepsEveryEventReadable() throws Exception {
        days(3, 2, 1);
        List<FileEvent> before = Histories.run(dir, Query.all());
        Retention r = new Retention(new HistoryLayout(dir));
        Retention.Result res = r.apply(r.plan(null, null, true, NOW));
        assertThat(res.compressed()).isEqualTo(2);
        assertThat(names()).containsExactly("events-2026-05-07-000.jsonl.gz", "events-2026-05-08-000.jsonl.gz",
                "events-2026-05-09-000.jsonl");
        assertThat(Histories.run(dir, Query.all())).isEqualTo(before);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void aCompressionCutShortLeavesNoDuplicates() throws Exception {
        days(2, 1);
        HistoryLayout layout = new HistoryLayout(dir);
        List<FileEvent> before = Histories.run(dir, Query.all());
        // as if clean died between renaming the .gz into place and removing the original
        Histories.writeGz(dir, LocalDate.parse("2026-05-08"), 0, List.of(event("2026-05-08T10:00:00Z", EventType.CREATE, "/f2")));
        assertThat(layout.files()).hasSize(3);
        assertThat(Histories.run(dir, Query.all())).isEqualTo(before);
    }

    /** The daemon appends to the newest file while clean removes and compresses the older ones. */
    @Test
    void cleanWhileAWriterAppendsLosesAndTearsNothing() throws Exception {
        days(5, 4, 3, 2, 1);
        HistoryLayout layout = new HistoryLayout(dir);
        Path active = layout.fileFor(LocalDate.parse("2026-05-10"), 0, false);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            JsonLines json = new JsonLines();
            try (OutputStream out = Files.newOutputStream(active, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                Instant t = Instant.parse("2026-05-10T00:00:00Z");
                while (!stop.get() || written.get() < 20_000) {
                    json.write(event(t.plusMillis(written.get()).toString(), EventType.CLOSE_WRITE, "/srv/x"), out);
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        while (written.get() < 1000) {
            Thread.onSpinWait();
        }
        Retention r = new Retention(layout);
        for (int i = 0; i < 20; i++) {
            r.apply(r.plan(i % 2 == 0 ? 3 : null, i % 3 == 0 ? 1L : null, i % 2 == 1, NOW));
        }
        stop.set(true);
        writer.join();
        List<FileEvent> out = new ArrayList<>();
        QueryReport report = new QueryEngine(layout, 2).query(new Query(null,
                List.of(io.fsmon.filter.Glob.compile("/srv/x")), null, null, null, null, null, false), out::add);
        assertThat(report.malformed()).isEmpty();
        assertThat(out).hasSize(written.get());
        assertThat(Files.readAllLines(active)).hasSize(written.get());
        assertThat(names()).contains(active.getFileName().toString());
    }
}
