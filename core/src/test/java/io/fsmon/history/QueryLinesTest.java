package io.fsmon.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.Actor;
import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.Glob;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link QueryEngine#queryLines}, copying canonical lines, prints exactly what parsing and formatting prints. */
class QueryLinesTest {
    private static final LocalDate D1 = LocalDate.parse("2026-05-01");
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @BeforeEach
    void history() throws Exception {
        List<FileEvent> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Instant t = T0.plusMillis(500L * i - (i % 9 == 0 ? 3000 : 0));
            EventType type = EventType.DEFAULTS.stream().toList().get(i % EventType.DEFAULTS.size());
            String path = i % 5 == 0 ? "/etc/resolv.conf" : "/srv/é/" + (i % 40) + (i % 11 == 0 ? "\t\"q\"" : "");
            Actor a = new Actor(100 + i % 7, null, 1, i % 2 == 0 ? "vim" : "sed", "x " + i, "/usr/bin/x", 1000 + i % 3,
                    "u" + i % 3, null, null, null, i % 10 == 0 ? List.of(new Actor.Ancestor(1, "systemd", null)) : null);
            events.add(new FileEvent(t, type, path, i % 13 == 0 ? path + ".old" : null, a, (long) i * 1000, (long) i - 50));
            if (i == 1500) {
                events.add(FileEvent.overflow(t, t.minusSeconds(2)));
            }
        }
        Path f = Histories.write(dir, D1, 0, events.subList(0, 2000));
        // lines of other shapes, readable but not canonical, and broken ones
        Histories.append(f, "{\"event_type\":\"CREATE\",\"time\":\"2026-05-01T10:16:00Z\",\"path\":\"/etc/resolv.conf\",\"pid\":5}\n");
        Histories.append(f, "{\"time\":\"2026-05-01T10:16:01.000000000Z\", \"event_type\":\"CREATE\",\"path\":\"\\/etc\\/resolv.conf\"}\n");
        Histories.append(f, "{\"time\":\"2026-05-01T10:16:02.000000000Z\",\"event_type\":\"CREATE\",\"path\":\"/etc/resolv.conf\",\"x\":1}\n");
        Histories.append(f, "{\"time\":\"2026-05-01T10:16:03.000000000Z\",\"event_type\":\"CREATE\",\"path\":\"/etc/resolv.conf\n");
        Histories.append(f, "not json at all /etc/resolv.conf\n");
        Histories.write(dir, D1, 0, events.subList(2000, events.size()));
        Histories.append(f, "{\"time\":\"2026-05-01T10:40:00.000000000Z\",\"event_type\":\"CRE");
    }

    static Stream<Query> queries() {
        Glob resolv = Glob.compile("/etc/resolv.conf");
        EventFilter creates = new EventFilter(Set.of(EventType.CREATE, EventType.DELETE), null, null, null, null, null);
        EventFilter bySize = new EventFilter(null, null, 500_000L, null, Glob.compile("vim"), null);
        Instant s = Instant.parse("2026-05-01T10:05:00Z");
        Instant u = Instant.parse("2026-05-01T10:20:00Z");
        return Stream.of(Query.all(), Query.all().window(s, u), Query.all().window(null, u),
                new Query(creates, null, null, s, u, null, null, false),
                new Query(null, List.of(resolv), null, null, null, null, null, false),
                new Query(null, List.of(resolv), null, s, u, null, 20, false),
                // one plain path: canonical lines are selected by their path's bytes, unparsed
                new Query(creates, List.of(resolv), null, s, u, null, null, false),
                new Query(null, List.of(Glob.compile("/etc/resolv.conf.old")), null, null, null, null, null, true),
                new Query(null, List.of(Glob.compile("/srv/é/7")), null, null, null, null, null, false),
                new Query(bySize, null, null, null, null, null, null, false),
                new Query(null, null, Glob.compile("systemd"), null, null, null, null, false),
                new Query(null, null, null, s, u, Query.Sort.SIZE, 50, false),
                new Query(null, null, null, s, u, null, 30, true),
                new Query(creates, null, null, null, null, Query.Sort.PID, null, true));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void printsWhatTheParsedPathPrints(Query q) throws Exception {
        QueryEngine engine = new QueryEngine(new HistoryLayout(dir), 2);
        JsonLines json = new JsonLines();
        ByteArrayOutputStream parsed = new ByteArrayOutputStream();
        QueryReport parsedReport = engine.query(q, e -> parsed.writeBytes((json.format(e) + "\n").getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        int[] raw = {0};
        QueryReport copiedReport = engine.queryLines(q, m -> {
            if (m.line() != null) {
                raw[0]++;
                copied.writeBytes(m.line());
                copied.write('\n');
            } else {
                copied.writeBytes((json.format(m.event()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(copied.toString(StandardCharsets.UTF_8)).isEqualTo(parsed.toString(StandardCharsets.UTF_8));
        assertThat(copiedReport).isEqualTo(parsedReport);
        assertThat(raw[0]).isPositive();
    }

    @Test
    void onePlainPathIsAnsweredWithoutParsingCanonicalLines() throws Exception {
        List<Match> out = new ArrayList<>();
        new QueryEngine(new HistoryLayout(dir), 1).queryLines(
                new Query(null, List.of(Glob.compile("/etc/resolv.conf")), null, null, null, null, null, false), out::add);
        List<Match> canonical = out.stream()
                .filter(m -> m.line() != null && JsonLines.isCanonical(m.line(), 0, m.line().length)).toList();
        assertThat(canonical).hasSizeGreaterThan(300).allSatisfy(m -> assertThat(
                m.parsed() == null || m.parsed().type().isMarker()).as("parsed only if a marker").isTrue());
        assertThat(out).as("no match of a longer path holding it").noneSatisfy(m -> assertThat(
                new String(m.line() == null ? new byte[0] : m.line(), StandardCharsets.UTF_8))
                .contains("\"path\":\"/etc/resolv.conf.old\""));
    }

    @Test
    void aWindowAloneIsAnsweredWithoutParsing() throws Exception {
        List<Match> out = new ArrayList<>();
        new QueryEngine(new HistoryLayout(dir), 1).queryLines(
                Query.all().window(Instant.parse("2026-05-01T10:05:00Z"), Instant.parse("2026-05-01T10:10:00Z")), out::add);
        assertThat(out).isNotEmpty().allSatisfy(m -> {
            assertThat(m.parsed()).isNull();
            assertThat(m.line()).isNotNull();
        });
    }
}
