package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The promise of {@link JsonLines#isCanonical}: a line it accepts reads and writes back to the same bytes. */
class CanonicalLineTest {
    private final JsonLines json = new JsonLines();

    static boolean canonical(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return JsonLines.isCanonical(b, 0, b.length);
    }

    /** The line back from its event as query prints it (UTF-8), or null when JsonLines refuses to read it. */
    private String reformatted(byte[] b) {
        try {
            return hex(json.format(json.parse(b, 0, b.length)).getBytes(StandardCharsets.UTF_8));
        } catch (MalformedLineException e) {
            return null;
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static List<FileEvent> written() {
        FileEvent chained = new FileEvent(Events.T, EventType.DELETE, "/a", null,
                new Actor(9, 9, 1, "rm", "rm /a", "/usr/bin/rm", 0, "root", null, null, null,
                        List.of(new Actor.Ancestor(1, "systemd", "root"), new Actor.Ancestor(2, null, null),
                                new Actor.Ancestor(3, "bash", null))),
                0L, -10L);
        FileEvent emptyChain = new FileEvent(Events.T, EventType.DELETE, "/a", null,
                new Actor(9, null, null, null, null, null, null, null, null, null, null, List.of()), null, null);
        FileEvent gap = FileEvent.gap(Events.T, Instant.parse("2026-02-28T23:59:59Z"), Instant.parse("2024-02-29T00:00:00Z"), 7);
        return JsonLinesTest.events().filter(e -> e.sizeChange() == null || e.sizeChange() != Long.MIN_VALUE)
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
                    l.addAll(List.of(chained, emptyChain, gap));
                    return l;
                }));
    }

    @ParameterizedTest
    @MethodSource("written")
    void whatJsonLinesWritesIsCanonical(FileEvent e) {
        assertThat(canonical(json.format(e))).as(json.format(e)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event_type\":\"CREATE\",\"time\":\"2026-11-25T10:20:14.123456789Z\"}", // key order
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\", \"event_type\":\"CREATE\"}", // space
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"path\":null}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"x\":1}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"create\"}",
        "{\"time\":\"2026-11-25T10:20:14.123Z\",\"event_type\":\"CREATE\"}",
        "{\"time\":\"2026-02-29T10:20:14.123456789Z\",\"event_type\":\"CREATE\"}", // no such day
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\"}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"path\":\"\\/a\"}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"path\":\"\\u0041\"}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"path\":\"\\u000a\"}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"pid\":01}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"pid\":-0}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"pid\":2147483648}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"comm\":\"x\"}", // no pid
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"pid\":1,\"pid\":2}",
        "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"path\":\"/a{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\"}",
    })
    void otherFormsAreNot(String line) {
        assertThat(canonical(line)).isFalse();
    }

    @Test
    void invalidUtf8IsNot() {
        byte[] head = "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\",\"path\":\"".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3})) {
            byte[] line = new byte[head.length + bad.length + 2];
            System.arraycopy(head, 0, line, 0, head.length);
            System.arraycopy(bad, 0, line, head.length, bad.length);
            line[line.length - 2] = '"';
            line[line.length - 1] = '}';
            assertThat(JsonLines.isCanonical(line, 0, line.length)).isFalse();
        }
    }

    /** Random edits of written lines: whenever the result is accepted, it reads and writes back unchanged. */
    @Test
    void acceptedMutantsRoundTrip() {
        Random r = new Random(4);
        String alphabet = "{}[]\",:\\0123456789-.eTZu/ aAnbtfr\u00e9\u00ff";
        int accepted = 0;
        List<FileEvent> events = written();
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder(json.format(events.get(r.nextInt(events.size()))));
            for (int edits = 1 + r.nextInt(2); edits > 0 && !s.isEmpty(); edits--) {
                int at = r.nextInt(s.length());
                switch (r.nextInt(3)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    default -> s.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            byte[] line = s.toString().getBytes(StandardCharsets.UTF_8);
            if (JsonLines.isCanonical(line, 0, line.length)) {
                accepted++;
                assertThat(reformatted(line)).isEqualTo(hex(line));
            }
        }
        assertThat(accepted).isGreaterThan(1000); // the test did exercise acceptance
    }
}
