package io.fsmon.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.Glob;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the raw-byte shortcuts of the history scan ({@link Prefilter}, canonical lines selected by
 * their head or their path's bytes, the needle search) against the full parse: for any one history
 * line and any of the queries below, {@link LineScanner} selects exactly the events, and reports
 * exactly the marker spans, that parsing the line with {@link JsonLines} and testing it with
 * {@link Query} gives. The first byte of the input picks the query; the rest is the line.
 */
class PrefilterFuzzTest {
    private static final Instant S = Instant.parse("2026-05-01T10:05:00Z");
    private static final Instant U = Instant.parse("2026-05-01T10:20:00Z");
    private static final EventFilter CREATES =
            new EventFilter(Set.of(EventType.CREATE, EventType.DELETE), null, null, null, null, null);
    private static final Glob RESOLV = Glob.compile("/etc/resolv.conf");
    private static final List<Query> QUERIES = List.of(
            Query.all(),
            Query.all().window(S, U),
            Query.all().window(null, U),
            Query.all().window(S, null),
            new Query(CREATES, null, null, S, U, null, null, false),
            new Query(null, List.of(RESOLV), null, null, null, null, null, false),
            new Query(CREATES, List.of(RESOLV), null, S, U, null, null, false),
            new Query(null, List.of(Glob.compile("/srv/é/*.txt")), null, null, U, null, null, false),
            new Query(null, List.of(RESOLV, Glob.compile("*/tmp/*")), null, S, null, null, null, false),
            new Query(new EventFilter(null, null, 1000L, null, Glob.compile("vim"), null), null, null, null, null,
                    null, null, false),
            new Query(null, null, Glob.compile("systemd"), S, U, null, null, false),
            new Query(CREATES, null, null, S, U, Query.Sort.SIZE, 5, false));
    private static final Path DIR;
    private static final Path FILE;

    static {
        try {
            DIR = Files.createTempDirectory("fsmon-prefilter-fuzz");
            FILE = DIR.resolve("events-2026-05-01-000.jsonl");
            DIR.toFile().deleteOnExit();
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void scan(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int pick = input[0] & 0xff;
        Query q = QUERIES.get(pick % QUERIES.size());
        boolean lines = (pick / QUERIES.size()) % 2 == 0;
        int end = 1;
        while (end < input.length && input[end] != '\n') {
            end++;
        }
        byte[] line = Arrays.copyOfRange(input, 1, end);

        byte[] file = Arrays.copyOf(line, line.length + 1);
        file[line.length] = '\n';
        Files.write(FILE, file);
        HistoryLayout.HistoryFile hf = new HistoryLayout.HistoryFile(FILE, LocalDate.parse("2026-05-01"), 0, false);
        RangeResult got = new LineScanner(q, new Prefilter(q), lines).scan(new Range(hf, 0, file.length));

        List<FileEvent> expected = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        boolean malformed = false;
        try {
            FileEvent e = new JsonLines().parse(line, 0, line.length);
            if (e.type().isMarker()) {
                Span span = Span.of(e);
                if (span.overlaps(q.since(), q.until())) {
                    spans.add(span);
                }
            }
            if (q.inWindow(e.time()) && q.test(e)) {
                expected.add(e);
            }
        } catch (MalformedLineException x) {
            malformed = true;
        }

        List<FileEvent> selected = got.events().stream().map(Match::event).toList();
        if (got.stopped()) {
            assertThat(expected).as("the scan stopped at a line in the window").isEmpty();
            assertThat(spans).as("the scan stopped at a marker about the window").isEmpty();
            return;
        }
        assertThat(selected).as("selected").isEqualTo(expected);
        assertThat(got.spans()).as("marker spans").isEqualTo(spans);
        assertThat(got.malformed()).as("malformed").isLessThanOrEqualTo(malformed ? 1 : 0);
        for (Match m : got.events()) {
            if (m.line() != null) {
                assertThat(m.line()).as("a line kept is the line").isEqualTo(line);
                assertThat(JsonLines.isCanonical(line, 0, line.length)).isTrue();
            }
        }
    }
}
