package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.event.FileNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLinesTest {
    static final String CREATE_LINE = "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\","
            + "\"path\":\"/tmp/x/a.txt\",\"pid\":123,\"tid\":124,\"ppid\":1,\"comm\":\"touch\","
            + "\"cmd\":\"touch /tmp/x/a.txt\",\"exe\":\"/usr/bin/touch\",\"uid\":0,\"user\":\"root\","
            + "\"login_uid\":1000,\"login_user\":\"alice\",\"file_size\":12,\"size_change\":12,"
            + "\"container\":\"/user.slice/user-1000.slice/session-3.scope\"}";
    static final String MOVED_TO_LINE = "{\"time\":\"2026-11-25T10:20:14.500000000Z\",\"event_type\":\"MOVED_TO\","
            + "\"path\":\"/home/alice/doc.txt\",\"old_path\":\"/home/alice/.doc.txt.swp\",\"pid\":4242,"
            + "\"comm\":\"vim\",\"cmd\":\"vim doc.txt\",\"uid\":1000,\"user\":\"alice\",\"file_size\":2048}";
    static final String OVERFLOW_LINE = "{\"time\":\"2026-11-25T10:20:15.000000000Z\",\"event_type\":\"OVERFLOW\"}";

    private final JsonLines json = new JsonLines();

    @Test
    void goldenLines() {
        assertThat(json.format(Events.CREATE)).isEqualTo(CREATE_LINE);
        assertThat(json.format(Events.MOVED_TO)).isEqualTo(MOVED_TO_LINE);
        assertThat(json.format(Events.OVERFLOW)).isEqualTo(OVERFLOW_LINE);
    }

    static Stream<FileEvent> events() {
        Instant t = Instant.parse("1970-01-01T00:00:00Z");
        return Stream.of(Events.CREATE, Events.MOVED_TO, Events.OVERFLOW,
                new FileEvent(t, EventType.DELETE, null, null, null, null, null),
                new FileEvent(Instant.parse("9999-12-31T23:59:59.999999999Z"), EventType.ACCESS, "/x", null,
                        Actor.unknown(Integer.MAX_VALUE), Long.MAX_VALUE, Long.MIN_VALUE),
                withPath("/home/zoë/日本語/😀.txt"),
                withPath("/tmp/\"quoted\" \\back\\slash"),
                withPath("/tmp/line\nbreak\r\ttab\u0000nul\u0001\u001f\u007f\u2028end"),
                withPath(FileNames.fromBytes(new byte[] {'/', 't', (byte) 0xff, '\\', (byte) 0xc3})),
                new FileEvent(t, EventType.MODIFY, "/a", null,
                        new Actor(1, null, null, "we\"ird\n", "sh -c 'echo \"x\"'", null, null, null, null, null, "c"),
                        null, -5L));
    }

    private static FileEvent withPath(String path) {
        return new FileEvent(Events.T, EventType.CLOSE_WRITE, path, path + ".old",
                new Actor(7, null, null, "ed", null, null, null, null, null, null, null), 0L, 0L);
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTrips(FileEvent e) throws MalformedLineException {
        String line = json.format(e);
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(json.parse(line)).isEqualTo(e);
    }

    @ParameterizedTest
    @MethodSource("events")
    void bytesAndWriterCarryTheSameLine(FileEvent e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.write(e, out);
        json.write(e, out);
        StringWriter w = new StringWriter();
        json.write(e, w);
        String line = json.format(e) + "\n";
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(line + line);
        assertThat(w.toString()).isEqualTo(line);
    }

    @Test
    void aReusedWriterWritesWhatAFreshOneWrites() throws IOException {
        // The actor's text and the time are reused between events: same instance, equal copy, another actor.
        Actor chained = new Actor(9, 10, 1, "sh", "sh -c 'a\nb'", "/bin/sh", 0, "root", null, null, "c",
                java.util.List.of(new Actor.Ancestor(1, "init", "root"), new Actor.Ancestor(5, null, null)));
        Actor copy = new Actor(9, 10, 1, "sh", "sh -c 'a\nb'", "/bin/sh", 0, "root", null, null, "c",
                java.util.List.of(new Actor.Ancestor(1, "init", "root"), new Actor.Ancestor(5, null, null)));
        Instant t = Instant.parse("2026-11-25T10:20:16Z");
        java.util.List<FileEvent> seq = java.util.List.of(
                new FileEvent(t, EventType.CREATE, "/a", null, chained, 0L, 0L),
                new FileEvent(t, EventType.CLOSE_WRITE, "/a", null, chained, 3L, 3L),
                new FileEvent(t, EventType.DELETE, "/b", null, copy, null, -1L),
                Events.CREATE, Events.OVERFLOW, Events.MOVED_TO, Events.CREATE,
                new FileEvent(t, EventType.DELETE, "/b", null, Actor.unknown(9), null, null),
                new FileEvent(Events.T, EventType.DELETE, "/c", null, chained, null, null));
        ByteArrayOutputStream reused = new ByteArrayOutputStream();
        StringBuilder fresh = new StringBuilder();
        for (FileEvent e : seq) {
            json.write(e, reused);
            String line = new JsonLines().format(e);
            fresh.append(line).append('\n');
            assertThat(json.format(e)).isEqualTo(line);
        }
        assertThat(reused.toString(StandardCharsets.UTF_8)).isEqualTo(fresh.toString());
        assertThat(fresh.toString()).contains(",\"container\":\"c\",\"chain\":[{\"pid\":1,\"comm\":\"init\",\"user\":\"root\"},{\"pid\":5}]}");
    }

    @Test
    void interleavedActorsEachKeepTheirOwnText() throws IOException {
        // Four writers interleaved, then more actors than the writer keeps encoded, then the first again.
        java.util.List<Actor> actors = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            actors.add(new Actor(100 + i, null, 1, "w" + i, "writer --n " + i, "/bin/w", i, "u" + i, null, null,
                    i % 2 == 0 ? null : "c" + i));
        }
        java.util.List<Actor> order = new java.util.ArrayList<>();
        for (int round = 0; round < 3; round++) {
            order.addAll(actors.subList(0, 4));
        }
        order.addAll(actors);
        order.addAll(actors.subList(0, 4));
        Instant t = Instant.parse("2026-11-25T10:20:16Z");
        ByteArrayOutputStream reused = new ByteArrayOutputStream();
        StringBuilder fresh = new StringBuilder();
        for (Actor a : order) {
            FileEvent e = new FileEvent(t, EventType.CLOSE_WRITE, "/f" + a.pid(), null, a, 1L, 1L);
            json.write(e, reused);
            String line = new JsonLines().format(e);
            assertThat(line).contains("\"pid\":" + a.pid() + ",").contains("\"cmd\":\"writer --n " + (a.pid() - 100) + "\"");
            fresh.append(line).append('\n');
        }
        assertThat(reused.toString(StandardCharsets.UTF_8)).isEqualTo(fresh.toString());
    }

    @Test
    void writesNonAsciiAsUtf8NotEscapes() {
        assertThat(json.format(withPath("/é😀"))).contains("\"path\":\"/é😀\"");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(json.format(withPath("/a\nb\u0001"))).contains("\"path\":\"/a\\nb\\u0001\"");
    }

    @Test
    void ignoresUnknownKeysAndNulls() throws MalformedLineException {
        String line = "{\"time\":\"2026-11-25T10:20:15Z\",\"future\":{\"a\":[1,2]},\"event_type\":\"OVERFLOW\","
                + "\"path\":null,\"x\":[{}]}";
        assertThat(json.parse(line)).isEqualTo(Events.OVERFLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "[]", "42", "{", "{\"time\":", "not json",
            "{\"event_type\":\"CREATE\"}",
            "{\"time\":\"2026-11-25T10:20:15Z\"}",
            "{\"time\":\"yesterday\",\"event_type\":\"CREATE\"}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"EXPLODE\"}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\",\"pid\":\"12\"}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\",\"pid\":1.5}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\",\"pid\":99999999999}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\",\"path\":7}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\",\"comm\":\"x\"}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\"} {}",
            "{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\",}"})
    void refusesMalformedLines(String line) {
        assertThatThrownBy(() -> json.parse(line)).isInstanceOf(MalformedLineException.class)
                .satisfies(x -> assertThat(((MalformedLineException) x).reason()).isNotBlank());
    }

    @Test
    void reasonsAreSpecific() {
        assertThatThrownBy(() -> json.parse("{\"time\":\"2026-11-25T10:20:15Z\"}")).hasMessage("missing event_type");
        assertThatThrownBy(() -> json.parse("{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"X\"}"))
                .hasMessage("unknown event_type 'X'");
        assertThatThrownBy(() -> json.parse("{\"time\":\"2026-11-25T10:20:15Z\",\"event_type\":\"CREATE\",\"pid\":\"1\"}"))
                .hasMessage("'pid' is not a 32-bit integer");
    }

    @Test
    void refusesEventsItCouldNotReadBack() {
        assertThatThrownBy(() -> json.format(new FileEvent(null, EventType.CREATE, "/a", null, null, null, null)))
                .isInstanceOf(NullPointerException.class);
        // the instance stays usable after a refused event
        assertThat(json.format(Events.OVERFLOW)).isEqualTo(OVERFLOW_LINE);
    }
}
