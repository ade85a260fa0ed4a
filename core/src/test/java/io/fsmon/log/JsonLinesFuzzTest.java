package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.event.FileNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the history's line format. {@link #parse}: any bytes give an event or a
 * MalformedLineException; the String and the byte readers agree; what is read is written and read
 * back the same; a line {@link JsonLines#isCanonical} calls canonical is exactly what would be
 * written. {@link #roundTrip}: any event fsmon could make is read back equal from what is written,
 * which is canonical.
 * Seeds: real history lines and lines of other shapes.
 */
class JsonLinesFuzzTest {
    private static final EventType[] TYPES = EventType.values();

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void parse(byte[] line) throws IOException {
        JsonLines json = new JsonLines();
        FileEvent e;
        try {
            e = json.parse(line, 0, line.length);
        } catch (MalformedLineException x) {
            assertThat(x.reason()).isNotBlank();
            assertThat(JsonLines.isCanonical(line, 0, line.length)).as("canonical but refused").isFalse();
            String text = strictUtf8(line);
            if (text != null) {
                assertThat(parses(json, text)).as("the String reader accepts what the byte reader refused").isFalse();
            }
            return;
        }
        String text = strictUtf8(line);
        if (text != null) {
            assertThat(parseString(json, text)).as("the String reader").isEqualTo(e);
        }
        byte[] written = written(json, e);
        FileEvent back;
        try {
            back = json.parse(written, 0, written.length);
        } catch (MalformedLineException x) {
            throw new AssertionError("written line not read back: " + new String(written, StandardCharsets.UTF_8), x);
        }
        assertThat(back).isEqualTo(e);
        if (JsonLines.isCanonical(line, 0, line.length)) {
            assertThat(new String(line, StandardCharsets.UTF_8)).as("a canonical line is what is written")
                    .isEqualTo(new String(written, StandardCharsets.UTF_8));
        }
    }

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void roundTrip(FuzzedDataProvider data) throws IOException {
        FileEvent e = event(data);
        JsonLines json = new JsonLines();
        byte[] written = written(json, e);
        FileEvent back;
        try {
            back = json.parse(written, 0, written.length);
        } catch (MalformedLineException x) {
            throw new AssertionError("written line not read back: " + new String(written, StandardCharsets.UTF_8), x);
        }
        assertThat(back).isEqualTo(e);
        assertThat(json.format(e)).isEqualTo(new String(written, StandardCharsets.UTF_8));
        assertThat(JsonLines.isCanonical(written, 0, written.length))
                .as("what is written is canonical: %s", new String(written, StandardCharsets.UTF_8)).isTrue();
    }

    /** An event as the monitor makes them: times in years 0000-9999, names in fsmon's text form. */
    private static FileEvent event(FuzzedDataProvider d) {
        Instant time = instant(d);
        EventType type = TYPES[d.consumeInt(0, TYPES.length - 1)];
        String path = d.consumeBoolean() ? name(d) : null;
        String oldPath = d.consumeBoolean() ? name(d) : null;
        Actor actor = null;
        if (d.consumeBoolean()) {
            List<Actor.Ancestor> chain = null;
            if (d.consumeBoolean()) {
                chain = new ArrayList<>();
                for (int i = d.consumeInt(1, 3); i > 0; i--) {
                    chain.add(new Actor.Ancestor(d.consumeInt(), text(d), text(d)));
                }
            }
            actor = new Actor(d.consumeInt(), integer(d), integer(d), text(d), text(d), name(d), integer(d),
                    text(d), integer(d), text(d), text(d), chain);
        }
        Long size = d.consumeBoolean() ? count(d) : null;
        Long change = d.consumeBoolean() ? count(d) : null;
        Instant since = d.consumeBoolean() ? instant(d) : null;
        Instant until = d.consumeBoolean() ? instant(d) : null;
        Long dropped = d.consumeBoolean() ? count(d) : null;
        return new FileEvent(time, type, path, oldPath, actor, size, change, since, until, dropped);
    }

    private static Instant instant(FuzzedDataProvider d) {
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        return Instant.ofEpochSecond(d.consumeLong(min, max), d.consumeInt(0, 999_999_999));
    }

    /**
     * A size, size change or count: below 10^18 in magnitude, as {@link CanonicalLine} reads 64-bit
     * numbers of at most 18 digits (a 19-digit one, an exabyte, is merely parsed, not copied).
     */
    private static long count(FuzzedDataProvider d) {
        return d.consumeLong(-999_999_999_999_999_999L, 999_999_999_999_999_999L);
    }

    private static Integer integer(FuzzedDataProvider d) {
        return d.consumeBoolean() ? d.consumeInt() : null;
    }

    /** Text as read from /proc: any bytes, decoded as UTF-8 with replacement; sometimes absent. */
    private static String text(FuzzedDataProvider d) {
        return d.consumeBoolean() ? new String(d.consumeBytes(d.consumeInt(0, 40)), StandardCharsets.UTF_8) : null;
    }

    /** A file name as the kernel gives it, in fsmon's lossless text form. */
    private static String name(FuzzedDataProvider d) {
        return FileNames.fromBytes(d.consumeBytes(d.consumeInt(0, 60)));
    }

    private static byte[] written(JsonLines json, FileEvent e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.write(e, out);
        byte[] b = out.toByteArray();
        assertThat(b[b.length - 1]).isEqualTo((byte) '\n');
        byte[] line = Arrays.copyOf(b, b.length - 1);
        assertThat(line).as("one line").doesNotContain((byte) '\n');
        return line;
    }

    private static String strictUtf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean parses(JsonLines json, String text) {
        try {
            json.parse(text);
            return true;
        } catch (MalformedLineException e) {
            return false;
        }
    }

    private static FileEvent parseString(JsonLines json, String text) {
        try {
            return json.parse(text);
        } catch (MalformedLineException e) {
            throw new AssertionError("the String reader refuses what the byte reader read: " + e.getMessage(), e);
        }
    }
}
