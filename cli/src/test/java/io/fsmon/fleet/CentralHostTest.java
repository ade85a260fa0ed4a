package io.fsmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's dedupe per host: a resend is recognised by its id, also after a restart; a new
 * history epoch (the host's history was wiped and started again) starts a new sequence whose
 * ids repeat the old files and offsets, and is written.
 */
class CentralHostTest {
    private static final String E1 = "00000000000000e1";
    private static final String E2 = "00000000000000e2";
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    private static String id(String epoch, long offset) {
        return "web-01:" + epoch + ":events-2026-12-01-000:" + offset;
    }

    /** Offers a line as the collector does; true when written (not a resend). */
    private static boolean offer(CentralHost h, String id, String path) throws IOException {
        ShipId parsed = ShipId.parse(id);
        assertThat(parsed).as(id).isNotNull();
        if (h.holds(parsed)) {
            return false;
        }
        h.add(parsed, DAY, ("{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CREATE\",\"path\":\"" + path
                + "\",\"host\":\"web-01\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private List<String> paths() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("web-01/events-2026-12-01-000.jsonl"))) {
            out.add(l.replaceFirst(".*\"path\":\"([^\"]+)\".*", "$1"));
        }
        return out;
    }

    @Test
    void aNewEpochStartsANewSequenceAndAnOldOneIsAResendAlsoAfterARestart() throws IOException {
        try (CentralHost h = new CentralHost(dir.resolve("web-01"), 1 << 20)) {
            assertThat(offer(h, id(E1, 0), "/a")).isTrue();
            assertThat(offer(h, id(E1, 100), "/b")).isTrue();
            assertThat(offer(h, id(E1, 100), "/b")).as("resent").isFalse();
            // the host's history was wiped: the same file and offsets again, in a new epoch
            assertThat(offer(h, id(E2, 0), "/c")).as("a new epoch").isTrue();
            assertThat(offer(h, id(E2, 50), "/d")).isTrue();
            h.flush();
            h.sync();
        }
        // a restarted collector is given the records since its last commit again, old epoch first
        try (CentralHost h = new CentralHost(dir.resolve("web-01"), 1 << 20)) {
            assertThat(offer(h, id(E1, 100), "/b")).as("a resend of the old epoch").isFalse();
            assertThat(offer(h, id(E2, 0), "/c")).as("a resend of the new epoch").isFalse();
            assertThat(offer(h, id(E2, 50), "/d")).isFalse();
            assertThat(offer(h, id(E2, 90), "/e")).isTrue();
            h.flush();
        }
        assertThat(paths()).containsExactly("/a", "/b", "/c", "/d", "/e");
    }

    @Test
    void aHostWhoseNewestFileWasGzippedByCleanStillKnowsItsLastIdAfterARestart() throws IOException {
        try (CentralHost h = new CentralHost(dir.resolve("web-01"), 1 << 20)) {
            assertThat(offer(h, id(E1, 0), "/a")).isTrue();
            assertThat(offer(h, id(E1, 100), "/b")).isTrue();
            h.flush();
            h.sync();
        }
        // fsmon clean --compress: the closed day file replaced by its gzip
        Path plain = dir.resolve("web-01/events-2026-12-01-000.jsonl");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("web-01/events-2026-12-01-000.jsonl.gz")))) {
            Files.copy(plain, out);
        }
        Files.delete(plain);
        // a restarted collector is given the records since its last commit again
        try (CentralHost h = new CentralHost(dir.resolve("web-01"), 1 << 20)) {
            assertThat(offer(h, id(E1, 0), "/a")).as("a resend").isFalse();
            assertThat(offer(h, id(E1, 100), "/b")).as("a resend").isFalse();
            assertThat(offer(h, id(E1, 200), "/c")).isTrue();
            h.flush();
        }
        // the new line is in a file after the gzipped one, which is left as it was
        assertThat(Files.readAllLines(dir.resolve("web-01/events-2026-12-01-001.jsonl")))
                .singleElement().asString().contains("\"path\":\"/c\"");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("web-01/events-2026-12-01-000.jsonl.gz")))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()).hasSize(2);
        }
    }

    @Test
    void idsWithoutAnEpochStillParseAndCompare() {
        ShipId old = ShipId.parse("web-01:events-2026-12-01-000:100");
        assertThat(old).isNotNull();
        assertThat(old.host()).isEqualTo("web-01");
        assertThat(ShipId.parse("web:01:" + E1 + ":events-2026-12-01-000:7:gap"))
                .isEqualTo(new ShipId("web:01", E1, "2026-12-01", 0, 7, true));
    }
}
