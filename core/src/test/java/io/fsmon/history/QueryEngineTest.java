package io.fsmon.history;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.Glob;
import io.fsmon.log.HistoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.fsmon.history.Histories.event;
import static org.assertj.core.api.Assertions.assertThat;

class QueryEngineTest {
    private static final LocalDate D1 = LocalDate.parse("2026-05-01");
    private static final LocalDate D2 = LocalDate.parse("2026-05-02");

    @TempDir
    Path dir;

    private static Query window(String since, String until) {
        return Query.all().window(since == null ? null : Instant.parse(since), until == null ? null : Instant.parse(until));
    }

    private static Query paths(String... globs) {
        return new Query(null, java.util.Arrays.stream(globs).map(Glob::compile).toList(), null, null, null, null, null, false);
    }

    @Test
    void readsBackExactlyWhatJsonLinesWrites() throws Exception {
        List<FileEvent> events = List.of(
                io.fsmon.history.Histories.event("2026-05-01T10:00:00Z", EventType.CREATE, "/etc/a"),
                new FileEvent(Instant.parse("2026-05-01T10:00:01.123456789Z"), EventType.MOVED_TO, "/etc/b\\xff é", "/etc/.b.swp",
                        new io.fsmon.event.Actor(7, 8, 1, "vim", "vim b", "/usr/bin/vim", 0, "root", 1000, "alice", "c1",
                                List.of(new io.fsmon.event.Actor.Ancestor(1, "systemd", "root"))), 10L, -2L),
                FileEvent.gap(Instant.parse("2026-05-01T10:00:02Z"), Instant.parse("2026-05-01T10:00:01Z"),
                        Instant.parse("2026-05-01T10:00:02Z"), 5));
        Histories.write(dir, D1, 0, events);
        assertThat(Histories.run(dir, Query.all())).isEqualTo(events);
    }

    @Test
    void timeWindowSpansDayFilesAndSkipsFilesOutsideIt() throws Exception {
        Histories.write(dir, D1, 0, List.of(event("2026-05-01T22:00:00Z", EventType.CREATE, "/a"),
                event("2026-05-01T23:59:59Z", EventType.CREATE, "/b")));
        Histories.write(dir, D1, 1, List.of(event("2026-05-01T23:59:59.5Z", EventType.CREATE, "/c")));
        Histories.write(dir, D2, 0, List.of(event("2026-05-02T00:00:01Z", EventType.CREATE, "/d"),
                event("2026-05-02T05:00:00Z", EventType.CREATE, "/e")));
        // a file of a day far outside the window that would be wrong to read: make it unreadable text
        Files.writeString(new HistoryLayout(dir).fileFor(LocalDate.parse("2026-04-20"), 0, false), "garbage\n");

        QueryReport[] report = new QueryReport[1];
        List<FileEvent> out = new ArrayList<>();
        report[0] = new QueryEngine(new HistoryLayout(dir), 2).query(
                window("2026-05-01T23:00:00Z", "2026-05-02T01:00:00Z"), out::add);
        assertThat(out).extracting(FileEvent::path).containsExactly("/b", "/c", "/d");
        assertThat(report[0].malformed()).isEmpty(); // the April file was never opened
    }

    @Test
    void aFileThatStartsPastTheWindowIsReadForItsFirstLineOnly() throws Exception {
        Histories.write(dir, D1, 0, List.of(event("2026-05-01T10:00:00Z", EventType.CREATE, "/a")));
        Histories.write(dir, D1, 1, List.of(event("2026-05-01T12:30:00Z", EventType.CREATE, "/b")));
        Instant since = Instant.parse("2026-05-01T09:00:00Z");
        Instant until = Instant.parse("2026-05-01T11:00:00Z");
        List<Range> ranges = Planner.plan(new HistoryLayout(dir).files(), since, until);
        // only the first line past the window: it may be the GAP of a downtime covering the window
        assertThat(ranges).extracting(r -> r.file().sequence()).containsExactly(0, 1);
        assertThat(ranges.getLast().start()).isZero();
        assertThat(ranges.getLast().end()).isEqualTo(1);
        // within the look-ahead for markers of a later window: read
        Instant late = until.plus(Prefilter.MARKER_LOOKAHEAD);
        assertThat(Planner.plan(new HistoryLayout(dir).files(), since, late)).hasSize(2);
    }

    @Test
    void binarySearchFindsExactlyTheWindowInABigFile() throws Exception {
        // 200k lines (~30 MB), one every 100 ms, with the writer's skew: every 7th line is 4 s late
        Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
        List<FileEvent> all = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            Instant t = t0.plusMillis(100L * i);
            if (i % 7 == 0 && i > 0) {
                t = t.minusSeconds(4);
            }
            all.add(Histories.event(t, EventType.CLOSE_WRITE, "/srv/data/file-" + (i % 1000), 1000 + i % 50, "writer", i));
        }
        Histories.write(dir, D1, 0, all);
        Instant since = t0.plus(Duration.ofMinutes(100));
        Instant until = since.plus(Duration.ofMinutes(30));
        List<FileEvent> expected = all.stream().filter(e -> !e.time().isBefore(since) && e.time().isBefore(until)).toList();
        assertThat(Histories.run(dir, Query.all().window(since, until))).isEqualTo(expected);
        // and a narrow window with a path filter, through the needle search
        Query q = new Query(null, List.of(Glob.compile("/srv/data/file-42")), null, since, until, null, null, false);
        assertThat(Histories.run(dir, q)).isEqualTo(expected.stream().filter(e -> e.path().equals("/srv/data/file-42")).toList());
        // many pieces: the whole file in order
        assertThat(Histories.run(dir, Query.all())).hasSize(200_000).isEqualTo(all);
    }

    @Test
    void compressedFilesAreReadTransparently() throws Exception {
        Histories.writeGz(dir, D1, 0, List.of(event("2026-05-01T10:00:00Z", EventType.CREATE, "/a")));
        Histories.write(dir, D1, 1, List.of(event("2026-05-01T11:00:00Z", EventType.DELETE, "/a")));
        assertThat(Histories.run(dir, Query.all())).extracting(FileEvent::type)
                .containsExactly(EventType.CREATE, EventType.DELETE);
        assertThat(Histories.run(dir, window("2026-05-01T10:30:00Z", null))).extracting(FileEvent::type)
                .containsExactly(EventType.DELETE);
    }

    @Test
    void malformedAndTornLinesAreSkippedAndCounted() throws Exception {
        Path f = Histories.write(dir, D1, 0, List.of(event("2026-05-01T10:00:00Z", EventType.CREATE, "/a")));
        Histories.append(f, "not json\n{\"time\":\"2026-05-01T10:00:01Z\"}\n");
        Histories.write(dir, D1, 0, List.of(event("2026-05-01T10:00:02Z", EventType.CREATE, "/b")));
        Histories.append(f, "{\"time\":\"2026-05-01T10:00:03.000000000Z\",\"event_type\":\"CRE");
        List<FileEvent> out = new ArrayList<>();
        QueryReport r = new QueryEngine(new HistoryLayout(dir), 2).query(Query.all(), out::add);
        assertThat(out).extracting(FileEvent::path).containsExactly("/a", "/b");
        assertThat(r.malformed()).containsEntry("events-2026-05-01-000.jsonl", 3);
        assertThat(r.warnings()).contains("skipped 3 malformed lines in events-2026-05-01-000.jsonl");
    }

    @Test
    void overflowAndGapMarkersInTheWindowAreReported() throws Exception {
        Histories.write(dir, D1, 0, List.of(
                event("2026-05-01T10:00:00Z", EventType.CREATE, "/a"),
                FileEvent.overflow(Instant.parse("2026-05-01T10:05:00Z"), Instant.parse("2026-05-01T10:04:59Z")),
                FileEvent.gap(Instant.parse("2026-05-01T12:00:00Z"), Instant.parse("2026-05-01T11:50:00Z"),
                        Instant.parse("2026-05-01T12:00:00Z"), 40),
                FileEvent.overflow(Instant.parse("2026-05-01T13:00:00Z"))));
        QueryReport r = new QueryEngine(new HistoryLayout(dir), 2).query(paths("/a"), e -> { });
        assertThat(r.warnings()).containsExactly(
                "results may be incomplete between 2026-05-01T10:04:59Z and 2026-05-01T10:05:00Z (kernel queue overflow)",
                "results may be incomplete between 2026-05-01T11:50:00Z and 2026-05-01T12:00:00Z (events lost by fsmon)",
                "results may be incomplete between 2026-05-01T13:00:00Z and 2026-05-01T13:00:00Z (kernel queue overflow)");
        r = new QueryEngine(new HistoryLayout(dir), 2).query(window("2026-05-01T11:00:00Z", "2026-05-01T11:55:00Z"), e -> { });
        assertThat(r.incomplete()).extracting(Span::since).containsExactly(Instant.parse("2026-05-01T11:50:00Z"));
        r = new QueryEngine(new HistoryLayout(dir), 2).query(window("2026-05-01T10:10:00Z", "2026-05-01T11:00:00Z"), e -> { });
        assertThat(r.incomplete()).isEmpty();
    }

    @Test
    void filtersByPathOldPathTypesAndAncestor() throws Exception {
        FileEvent rename = new FileEvent(Instant.parse("2026-05-01T10:00:02Z"), EventType.MOVED_TO, "/tmp/x", "/etc/passwd",
                new io.fsmon.event.Actor(9, null, 1, "mv", "mv /etc/passwd /tmp/x", null, 0, "root", null, null, null,
                        List.of(new io.fsmon.event.Actor.Ancestor(5, "sshd", "root"), new io.fsmon.event.Actor.Ancestor(1, "systemd", "root"))),
                null, null);
        Histories.write(dir, D1, 0, List.of(
                event("2026-05-01T10:00:00Z", EventType.CREATE, "/etc/passwd"),
                event("2026-05-01T10:00:01Z", EventType.DELETE, "/etc/shadow"),
                rename));
        assertThat(Histories.run(dir, paths("/etc/passwd"))).hasSize(2);
        assertThat(Histories.run(dir, paths("/etc/*"))).hasSize(3);
        assertThat(Histories.run(dir, paths("/etc/passwd", "/etc/shadow"))).hasSize(3);
        assertThat(Histories.run(dir, new Query(EventFilter.builder().types(Set.of(EventType.DELETE)).build(),
                null, null, null, null, null, null, false))).extracting(FileEvent::path).containsExactly("/etc/shadow");
        assertThat(Histories.run(dir, new Query(null, null, Glob.compile("sshd"), null, null, null, null, false)))
                .containsExactly(rename);
        assertThat(Histories.run(dir, new Query(EventFilter.builder().cmd(Glob.compile("mv")).build(),
                null, null, null, null, null, null, false))).containsExactly(rename);
    }

    @Test
    void sortLimitAndReverse() throws Exception {
        Histories.write(dir, D1, 0, List.of(
                Histories.event(Instant.parse("2026-05-01T10:00:03Z"), EventType.CREATE, "/a", 30, "x", 5),
                Histories.event(Instant.parse("2026-05-01T10:00:01Z"), EventType.CREATE, "/b", 10, "x", 500),
                Histories.event(Instant.parse("2026-05-01T10:00:02Z"), EventType.CREATE, "/c", 20, "x", 50)));
        assertThat(Histories.run(dir, sorted(null, null, false))).extracting(FileEvent::path).containsExactly("/a", "/b", "/c");
        assertThat(Histories.run(dir, sorted(Query.Sort.TIME, null, false))).extracting(FileEvent::path).containsExactly("/b", "/c", "/a");
        assertThat(Histories.run(dir, sorted(Query.Sort.SIZE, null, false))).extracting(FileEvent::path).containsExactly("/b", "/c", "/a");
        assertThat(Histories.run(dir, sorted(Query.Sort.PID, 2, false))).extracting(FileEvent::path).containsExactly("/b", "/c");
        assertThat(Histories.run(dir, sorted(Query.Sort.TIME, 2, true))).extracting(FileEvent::path).containsExactly("/a", "/c");
        assertThat(Histories.run(dir, sorted(null, 1, false))).extracting(FileEvent::path).containsExactly("/a");
        assertThat(Histories.run(dir, sorted(null, 2, true))).extracting(FileEvent::path).containsExactly("/c", "/b");
        assertThat(Histories.run(dir, sorted(null, null, true))).extracting(FileEvent::path).containsExactly("/c", "/b", "/a");
        assertThat(Histories.run(dir, sorted(null, 0, false))).isEmpty();
    }

    private static Query sorted(Query.Sort sort, Integer limit, boolean reverse) {
        return new Query(null, null, null, null, null, sort, limit, reverse);
    }

    @Test
    void changesKeepsTheLatestEventPerPath() throws Exception {
        Histories.write(dir, D1, 0, List.of(
                event("2026-05-01T10:00:00Z", EventType.CREATE, "/a"),
                event("2026-05-01T10:00:01Z", EventType.CREATE, "/b"),
                event("2026-05-01T10:00:03Z", EventType.CLOSE_WRITE, "/a"),
                event("2026-05-01T10:00:02Z", EventType.ATTRIB, "/a"), // written later, happened earlier
                FileEvent.overflow(Instant.parse("2026-05-01T10:00:04Z")),
                event("2026-05-01T10:00:05Z", EventType.DELETE, "/b")));
        List<FileEvent> out = new ArrayList<>();
        new QueryEngine(new HistoryLayout(dir), 2).changes(Query.all(), out::add);
        assertThat(out).extracting(FileEvent::path, FileEvent::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/a", EventType.CLOSE_WRITE),
                org.assertj.core.groups.Tuple.tuple("/b", EventType.DELETE));
    }

    @Test
    void noHistoryFilesIsAnEmptyAnswer() throws Exception {
        assertThat(Histories.run(dir.resolve("none"), Query.all())).isEmpty();
    }
}
