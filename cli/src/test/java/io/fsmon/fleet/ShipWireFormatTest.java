package io.fsmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records on the topic: a block of whole shipped lines per record (the daemon's side is
 * core's ShipLinesTest), split, deduplicated per line and written by the collector (its side,
 * {@link Collector#take}, fed hand-made records: no broker is involved, the real one is in the
 * cli's FleetEndToEndTest).
 */
class ShipWireFormatTest {
    @TempDir
    Path base;

    private static String shipped(String host, int offset, String path) {
        return "{\"time\":\"2026-12-01T10:00:00.000000000Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"" + path
                + "\",\"pid\":7,\"host\":\"" + host + "\",\"id\":\"" + host + ":events-2026-12-01-000:" + offset + "\"}";
    }

    private Collector collector(List<String> log) {
        // No broker: the consumer is made but never polled, take() is fed directly.
        return new Collector("127.0.0.1:1", "t", "g", base.resolve("central"), Map.of(), 1 << 20, log::add);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String value) {
        return new ConsumerRecord<>("t", 0, offset, "web-01", value.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> central(String host) throws Exception {
        return Files.readAllLines(base.resolve("central").resolve(host).resolve("events-2026-12-01-000.jsonl"));
    }

    @Test
    void aBlockIsWrittenLineByLineAndItsResentLinesOnlyOnce() throws Exception {
        List<String> log = new ArrayList<>();
        try (Collector c = collector(log)) {
            c.take(record(0, shipped("web-01", 0, "/a") + "\n" + shipped("web-01", 100, "/b")));
            // a resend after a failed send: the block starts with lines already written
            c.take(record(1, String.join("\n", shipped("web-01", 0, "/a"), shipped("web-01", 100, "/b"),
                    shipped("web-01", 200, "/c"), shipped("web-02", 0, "/other-host"), shipped("web-01", 300, "/d"))));
            c.sync();
            assertThat(central("web-01")).containsExactly(shipped("web-01", 0, "/a"), shipped("web-01", 100, "/b"),
                    shipped("web-01", 200, "/c"), shipped("web-01", 300, "/d"));
            assertThat(central("web-02")).containsExactly(shipped("web-02", 0, "/other-host"));
            assertThat(c.counts()).isEqualTo(new Collector.Counts(5, 2, 0));
            assertThat(log).isEmpty();
        }
    }

    @Test
    void aMalformedRecordOrLineIsCountedAndSkippedAndTheLinesAroundItAreWritten() throws Exception {
        List<String> log = new ArrayList<>();
        try (Collector c = collector(log)) {
            c.take(record(0, "hello, not json"));
            c.take(new ConsumerRecord<>("t", 0, 1, "web-01", null));
            c.take(record(2, String.join("\n", shipped("web-01", 0, "/a"),
                    "{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/no-id\"}",
                    shipped("web-01", 100, "/b"),
                    shipped("web/01", 200, "/bad-host"),
                    "{\"time\":\"yesterday\",\"host\":\"web-01\",\"id\":\"web-01:events-2026-12-01-000:300\"}",
                    shipped("web-01", 400, "/c"))));
            c.sync();
            assertThat(central("web-01")).containsExactly(shipped("web-01", 0, "/a"), shipped("web-01", 100, "/b"),
                    shipped("web-01", 400, "/c"));
            assertThat(c.counts()).isEqualTo(new Collector.Counts(3, 0, 5));
            assertThat(log).hasSize(3);
            assertThat(log.get(0)).isEqualTo("collect: skipped a malformed record at t-0@0: not a shipped fsmon line "
                    + "(no {\"time\":\"... at its start, no host and id at its end) (1 so far)");
            assertThat(log.get(1)).contains("t-0@1: no value (2 so far)");
            assertThat(log.get(2)).startsWith("collect: skipped a malformed record at t-0@2 (3 lines): ")
                    .endsWith("(5 so far)");
        }
    }
}
