package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.event.FileEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link History.Query#host}: a central history (DIR/HOST/, written by fsmon collect) read through the API. */
class HistoryHostTest {
    @TempDir
    Path central;

    private void host(String name, String path) throws Exception {
        Path d = Files.createDirectories(central.resolve(name));
        Files.writeString(d.resolve("events-2026-12-01-000.jsonl"),
                "{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"" + path
                        + "\",\"pid\":42,\"comm\":\"vi\",\"host\":\"" + name + "\",\"id\":\"" + name
                        + ":0123456789abcdef:events-2026-12-01-000:0\"}\n"
                        + "{\"time\":\"2026-12-01T11:00:00Z\",\"event_type\":\"DELETE\",\"path\":\"/tmp/x\",\"pid\":43,"
                        + "\"comm\":\"rm\",\"host\":\"" + name + "\",\"id\":\"" + name
                        + ":0123456789abcdef:events-2026-12-01-000:190\"}\n");
    }

    @Test
    void theHostsMatchingTheGlobAreReadEachInTurnAndEachEventSaysItsHost() throws Exception {
        host("web-02", "/etc/hosts");
        host("web-01", "/etc/passwd");
        host("db-01", "/etc/shadow");
        History h = History.open(central);
        assertThat(h.hosts("*")).containsExactly("db-01", "web-01", "web-02");

        List<String> seen = new ArrayList<>();
        History.Result r = h.query().host("web-*").path("/etc/**").forEachByHost((host, e) -> seen.add(host + " " + e.path()));
        assertThat(seen).containsExactly("web-01 /etc/passwd", "web-02 /etc/hosts");
        assertThat(r.matched()).isEqualTo(2);

        try (Stream<FileEvent> s = h.query().host("db-*").stream()) {
            assertThat(s.map(FileEvent::path)).containsExactly("/etc/shadow", "/tmp/x");
        }

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        h.query().host("web-*").path("/etc/**").writeTo(csv, OutputFormat.CSV);
        List<String> lines = csv.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).startsWith("host,");
        assertThat(lines.get(1)).startsWith("web-01,");
        assertThat(lines.get(2)).startsWith("web-02,");

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        h.query().host("web-01").writeTo(json, OutputFormat.JSON);
        assertThat(json.toString(StandardCharsets.UTF_8).lines()).hasSize(2).allMatch(l -> l.contains("\"host\":\"web-01\""));
    }

    @Test
    void aGlobMatchingNoHostSaysWhichHostsThereAre() throws Exception {
        host("web-01", "/etc/passwd");
        History.Query q = History.open(central).query().host("mail-*");
        assertThatThrownBy(q::stream).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no host matches 'mail-*' in " + central + " (hosts there: web-01)");
        assertThatThrownBy(() -> History.open(central).query().host("[")).isInstanceOf(IllegalArgumentException.class);
    }
}
