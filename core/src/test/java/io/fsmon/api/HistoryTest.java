package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public history reader over a history written in fsmon's format; runs as any user. */
class HistoryTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private Path write(int n) throws Exception {
        JsonLines json = new JsonLines();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Actor a = new Actor(100 + i % 3, null, 1, i % 3 == 0 ? "rsync" : "vim", null, null, 1000, i % 2 == 0 ? "alice" : "bob",
                    null, null, null);
            sb.append(json.format(new FileEvent(T0.plusSeconds(i), i % 4 == 0 ? EventType.DELETE : EventType.CLOSE_WRITE,
                    "/srv/app/f" + (i % 5), null, a, (long) i, null))).append('\n');
            if (i == n / 2) {
                sb.append(json.format(FileEvent.overflow(T0.plusSeconds(i), T0.plusSeconds(i - 1)))).append('\n');
            }
        }
        sb.append("not json at all\n");
        Files.writeString(dir.resolve("events-2026-05-01-000.jsonl"), sb, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void filtersSelectAsQueryDoesAndMarkersAlwaysPass() throws Exception {
        History h = History.open(write(40));
        List<FileEvent> got;
        try (Stream<FileEvent> s = h.query().user("alice").command("rsync").types(EventType.CLOSE_WRITE).stream()) {
            got = s.toList();
        }
        assertThat(got).isNotEmpty();
        assertThat(got).filteredOn(e -> !e.type().isMarker()).allSatisfy(e -> {
            assertThat(e.actor().user()).isEqualTo("alice");
            assertThat(e.actor().comm()).isEqualTo("rsync");
            assertThat(e.type()).isEqualTo(EventType.CLOSE_WRITE);
        });
        assertThat(got).extracting(FileEvent::type).contains(EventType.OVERFLOW);
    }

    @Test
    void forEachCountsAndWarnsAboutMalformedLines() throws Exception {
        History h = History.open(write(10));
        List<FileEvent> got = new ArrayList<>();
        History.Result r = h.query().since(T0.plusSeconds(2)).until(T0.plusSeconds(6)).forEach(got::add);
        assertThat(got).filteredOn(e -> !e.type().isMarker()).extracting(FileEvent::time)
                .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5));
        assertThat(r.matched()).isEqualTo(got.size());
        assertThat(r.warnings()).anyMatch(w -> w.contains("malformed"));
    }

    @Test
    void changesGiveTheLatestEventOfEveryPath() throws Exception {
        History h = History.open(write(20));
        List<FileEvent> got = h.query().changes().stream().toList();
        assertThat(got).extracting(FileEvent::path).containsExactlyInAnyOrder(
                "/srv/app/f0", "/srv/app/f1", "/srv/app/f2", "/srv/app/f3", "/srv/app/f4");
        assertThat(got).filteredOn(e -> e.path().equals("/srv/app/f4")).extracting(FileEvent::time)
                .containsExactly(T0.plusSeconds(19));
    }

    @Test
    void writeToInJsonCopiesTheHistoryLinesAndCsvHasItsHeader() throws Exception {
        History h = History.open(write(6));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        h.query().path("/srv/app/f1").writeTo(json, OutputFormat.JSON);
        String history = Files.readString(dir.resolve("events-2026-05-01-000.jsonl"));
        for (String line : json.toString(StandardCharsets.UTF_8).split("\n")) {
            assertThat(history).contains(line);
        }
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        h.query().limit(2).writeTo(csv, OutputFormat.CSV);
        assertThat(csv.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(3).first()
                .isEqualTo(OutputFormat.CSV.header());
    }

    @Test
    void aStreamClosedEarlyStopsReading() throws Exception {
        History h = History.open(write(5000));
        try (Stream<FileEvent> s = h.query().stream()) {
            assertThat(s.limit(3).count()).isEqualTo(3);
        }
    }

    @Test
    void timesAreTakenAsFsmonQueryTakesThemAndABadOneSaysTheForms() throws Exception {
        History h = History.open(write(4));
        assertThat(h.query().since("2026-05-01T10:00:02Z").stream().filter(e -> !e.type().isMarker()).count())
                .isEqualTo(2);
        assertThat(h.query().since("3650d").stream().count()).isEqualTo(5); // and the marker
        assertThatThrownBy(() -> h.query().since("yesterday-ish")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30m");
    }

    @Test
    void aFolderThatIsNotThereIsHistoryNotFound() {
        assertThatThrownBy(() -> History.open(dir.resolve("nope"))).isInstanceOf(HistoryNotFoundException.class)
                .hasMessageContaining("no history at");
    }
}
