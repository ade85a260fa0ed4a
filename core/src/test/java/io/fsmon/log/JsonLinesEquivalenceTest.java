package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The JSON line written byte by byte ({@link JsonLineBytes}) is the line Jackson's generator
 * writes ({@link JsonLines#writeWithGenerator}), for every event shape and every kind of
 * character: the generator stays the definition of the format.
 */
class JsonLinesEquivalenceTest {
    private static final Instant T = Instant.parse("2026-12-03T19:30:00.123456789Z");

    @Test
    void everyCharacterBelow0x800IsWrittenAsJacksonWritesIt() throws IOException {
        StringBuilder all = new StringBuilder("/p/");
        for (char c = 0; c < 0x800; c++) {
            all.append(c);
        }
        FileEvent e = new FileEvent(T, EventType.CLOSE_WRITE, all.toString(), null, null, 5L, -3L);
        assertSame(e);
        assertThat(bytes(e)).as("control characters are escaped").contains("\\u001F", "\\n", "\\\"", "\\\\");
    }

    @Test
    void threeAndFourByteCharactersAndLineSeparators() throws IOException {
        assertSame(new FileEvent(T, EventType.CREATE, "/d/\u20ac\u2028\u2029\uffff\ud83d\ude00x", "/o/\u00e9",
                actor("c\u00f6mm", "cmd \"q\" \u0001"), null, null));
    }

    @Test
    void aLoneSurrogateIsEscapedAsJacksonEscapesIt() throws IOException {
        for (String p : List.of("/d/\ud83dx", "/d/\ude00x", "/d/x\ud83d", "/d/\ude00\ud83d")) {
            assertSame(new FileEvent(T, EventType.CREATE, p, null, null, null, null));
        }
        assertThat(bytes(new FileEvent(T, EventType.CREATE, "/d/\ud83dx", null, null, null, null))).contains("\\uD83Dx");
    }

    @Test
    void markersAndActorsWithEveryFieldOrNone() throws IOException {
        assertSame(FileEvent.overflow(T, T.minusSeconds(1)));
        assertSame(FileEvent.overflow(T));
        assertSame(FileEvent.gap(T, T.minusSeconds(5), T.minusSeconds(1), 42));
        assertSame(new FileEvent(T, EventType.DELETE, "/x", null, new Actor(7, null, null, null, null, null,
                null, null, null, null, null, null), null, Long.MIN_VALUE));
        assertSame(new FileEvent(T, EventType.MOVED_TO, "/x", "/y", new Actor(7, 8, 1, "a", "b", "/c", 0, "root",
                1000, "alice", "docker-1", List.of(new Actor.Ancestor(1, "init", "root"),
                new Actor.Ancestor(2, null, null))), Long.MAX_VALUE, 0L));
    }

    @Test
    void randomEventsOfRandomCharacters() throws IOException {
        Random r = new Random(15);
        JsonLines json = new JsonLines(); // one writer for all: its buffers and actor cache are reused
        for (int i = 0; i < 5_000; i++) {
            Actor a = r.nextInt(4) == 0 ? null : actor(text(r, 8), text(r, 40));
            FileEvent e = new FileEvent(T.plusNanos(r.nextInt(3) * 1_000_000_007L), EventType.values()[r.nextInt(
                    EventType.values().length)], r.nextInt(8) == 0 ? null : "/" + text(r, 60),
                    r.nextInt(3) == 0 ? "/" + text(r, 20) : null, a, r.nextBoolean() ? r.nextLong() : null,
                    r.nextBoolean() ? (long) r.nextInt() : null);
            assertThat(written(json, e, false)).isEqualTo(written(json, e, true));
        }
    }

    /** Text of printable ASCII mostly, with escapes, 2-, 3- and 4-byte characters now and then. */
    private static String text(Random r, int max) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(10)) {
                case 0 -> b.append((char) r.nextInt(0x20));
                case 1 -> b.append("\"\\/\u007f".charAt(r.nextInt(4)));
                case 2 -> b.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> b.append((char) (0x800 + r.nextInt(0xd000)));
                case 4 -> b.appendCodePoint(0x10000 + r.nextInt(0xfffff));
                default -> b.append((char) (0x20 + r.nextInt(0x5f)));
            }
        }
        return b.toString();
    }

    private static Actor actor(String comm, String cmd) {
        return new Actor(4242, null, 1, comm, cmd, "/usr/bin/x", 1000, "u", null, null, null, null);
    }

    private static void assertSame(FileEvent e) throws IOException {
        assertThat(written(new JsonLines(), e, false)).isEqualTo(written(new JsonLines(), e, true));
    }

    private static String bytes(FileEvent e) throws IOException {
        return new String(written(new JsonLines(), e, false), StandardCharsets.UTF_8);
    }

    private static byte[] written(JsonLines json, FileEvent e, boolean generator) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (generator) {
            json.writeWithGenerator(e, out);
        } else {
            json.write(e, out);
        }
        return out.toByteArray();
    }
}
