package io.fsmon.history;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.Glob;
import io.fsmon.log.HistoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static io.fsmon.history.Histories.event;
import static org.assertj.core.api.Assertions.assertThat;

/** A damaged history file costs its damaged part, never the rest of the history, and is named. */
class DamagedHistoryTest {
    private static final LocalDate D1 = LocalDate.parse("2026-05-01");
    private static final LocalDate D2 = LocalDate.parse("2026-05-02");

    @TempDir
    Path dir;

    private QueryReport query(Query q, List<FileEvent> out) throws IOException {
        return new QueryEngine(new HistoryLayout(dir), 2).query(q, out::add);
    }

    private static List<FileEvent> events(LocalDate day, String prefix, int n) {
        List<FileEvent> out = new ArrayList<>();
        Instant t = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600);
        for (int i = 0; i < n; i++) {
            out.add(event(t.plusMillis(i), EventType.CLOSE_WRITE, prefix + i, 100 + i, "touch", i));
        }
        return out;
    }

    /** How many whole lines a stream-decoder gets out of a cut .gz before it fails. */
    private static int wholeLinesBeforeTheCut(byte[] gz) {
        int lines = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            for (int b; (b = in.read()) >= 0; ) {
                lines += b == '\n' ? 1 : 0;
            }
            throw new AssertionError("the cut file decoded to its end");
        } catch (IOException e) {
            return lines;
        }
    }

    @Test
    void aGzCutInHalfYieldsEveryWholeLineBeforeTheCutAndIsNamed() throws Exception {
        Path gz = Histories.writeGz(dir, D1, 0, events(D1, "/srv/f", 2000));
        byte[] all = Files.readAllBytes(gz);
        byte[] half = Arrays.copyOf(all, all.length / 2);
        Files.write(gz, half);
        int readable = wholeLinesBeforeTheCut(half);
        assertThat(readable).isGreaterThan(100);
        Histories.write(dir, D2, 0, events(D2, "/srv/g", 10));

        List<FileEvent> out = new ArrayList<>();
        QueryReport r = query(Query.all(), out);
        assertThat(out).hasSize(readable + 10);
        assertThat(out.subList(0, readable)).extracting(FileEvent::path)
                .isEqualTo(events(D1, "/srv/f", readable).stream().map(FileEvent::path).toList());
        assertThat(out.getLast().path()).isEqualTo("/srv/g9");
        assertThat(r.malformed()).containsEntry("events-2026-05-01-000.jsonl.gz", 1);
        assertThat(r.warnings()).filteredOn(w -> w.contains("events-2026-05-01-000.jsonl.gz") && w.contains("damaged"))
                .hasSize(1);

        List<FileEvent> one = new ArrayList<>();
        query(new Query(null, List.of(Glob.compile("/srv/f" + (readable - 1))), null, null, null, null, null, false), one);
        assertThat(one).extracting(FileEvent::path).containsExactly("/srv/f" + (readable - 1));
        List<FileEvent> changes = new ArrayList<>();
        new QueryEngine(new HistoryLayout(dir), 1).changes(Query.all(), changes::add);
        assertThat(changes).hasSize(readable + 10);
    }

    @Test
    void aGzThatIsNotGzipIsNamedAndTheOtherFilesAreRead() throws Exception {
        Histories.write(dir, D1, 0, events(D1, "/srv/a", 5));
        Files.writeString(new HistoryLayout(dir).fileFor(D1, 1, true), "this is not gzip\n");
        Histories.write(dir, D2, 0, events(D2, "/srv/b", 5));

        List<FileEvent> out = new ArrayList<>();
        QueryReport r = query(Query.all(), out);
        assertThat(out).hasSize(10);
        assertThat(r.warnings()).filteredOn(w -> w.contains("events-2026-05-01-001.jsonl.gz") && w.contains("damaged"))
                .hasSize(1);
        List<FileEvent> changes = new ArrayList<>();
        QueryReport c = new QueryEngine(new HistoryLayout(dir), 1).changes(Query.all(), changes::add);
        assertThat(changes).hasSize(10);
        assertThat(c.warnings()).anyMatch(w -> w.contains("events-2026-05-01-001.jsonl.gz"));
    }

    @Test
    void theMalformedCountDoesNotDependOnTheFilter() throws Exception {
        Path f = Histories.write(dir, D1, 0, events(D1, "/srv/a", 5));
        // garbage, a line cut after its head, a line cut in the path, a torn line then a whole one
        Histories.append(f, "not json\n");
        Histories.append(f, "{\"time\":\"2026-05-01T01:00:00.000000000Z\",\"event_type\":\"CREATE\",\"path\":\"/srv/zz\n");
        Histories.append(f, "{\"time\":\"2026-05-01T01:00:01.000000000Z\",\"event_type\":\"DELETE\",\"pa\n");
        Histories.append(f, "{\"time\":\"2026-05-01T01:00:02.000000000Z\",\"event_\n");
        Histories.write(dir, D1, 0, events(D1, "/srv/b", 5));
        Histories.append(f, "{\"time\":\"2026-05-01T01:00:03.000000000Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/srv/a1\"\n");
        Histories.append(f, "{\"time\":\"2026-05-01T01:00:04.000000000Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/srv/a1\",\"pid\":12");
        int expected = 6;

        List<Query> queries = List.of(Query.all(),
                new Query(null, List.of(Glob.compile("/srv/a1")), null, null, null, null, null, false),
                new Query(null, List.of(Glob.compile("/srv/b*")), null, null, null, null, null, false),
                new Query(null, List.of(Glob.compile("/nowhere")), null, null, null, null, null, false),
                new Query(EventFilter.builder().types(Set.of(EventType.ATTRIB)).build(), List.of(), null, null, null,
                        null, null, false));
        for (Query q : queries) {
            QueryReport r = query(q, new ArrayList<>());
            assertThat(r.malformed()).as("%s", q).containsExactly(java.util.Map.entry("events-2026-05-01-000.jsonl", expected));
            QueryReport lines = new QueryEngine(new HistoryLayout(dir), 1).queryLines(q, m -> { });
            assertThat(lines.malformed()).as("lines %s", q)
                    .containsExactly(java.util.Map.entry("events-2026-05-01-000.jsonl", expected));
        }
    }

    /** After a downtime of any length, a query of a window inside it says so, from the GAP written at the restart. */
    @Test
    void aWindowInsideALongDowntimeIsReportedIncomplete() throws Exception {
        Instant down = Instant.parse("2026-05-01T20:00:00Z");
        Instant up = Instant.parse("2026-05-02T10:00:00Z");
        Histories.write(dir, D1, 0, List.of(event(down.toString(), EventType.CREATE, "/a")));
        Histories.write(dir, D2, 0, List.of(new FileEvent(up, EventType.GAP, null, null, null, null, null, down, up, null),
                event("2026-05-02T10:00:01Z", EventType.CREATE, "/b")));
        for (Instant[] w : List.of(new Instant[]{Instant.parse("2026-05-01T21:00:00Z"), Instant.parse("2026-05-01T22:00:00Z")},
                new Instant[]{Instant.parse("2026-05-02T03:00:00Z"), Instant.parse("2026-05-02T04:00:00Z")},
                new Instant[]{Instant.parse("2026-05-01T19:00:00Z"), Instant.parse("2026-05-01T20:30:00Z")})) {
            List<FileEvent> out = new ArrayList<>();
            QueryReport r = query(Query.all().window(w[0], w[1]), out);
            assertThat(r.warnings()).as("%s", List.of(w)).containsExactly(
                    "results may be incomplete between " + down + " and " + up + " (fsmon was not watching)");
        }
    }
}
