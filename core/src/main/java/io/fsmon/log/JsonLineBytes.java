package io.fsmon.log;

import io.fsmon.event.Actor;
import io.fsmon.event.FileEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One event's JSON line written straight as UTF-8 bytes, the bytes Jackson's generator writes for
 * it in {@link JsonLines#writeObject} (which stays the definition: JsonLinesEquivalenceTest holds
 * the two to the same bytes). It runs for every event a monitor prints or records, and Jackson's
 * generator, called field by field and character by character, was a third of the reader
 * thread's CPU time over bench/run.sh's burst under C1; here a path of plain characters is one
 * loop, the keys are constant bytes and the actor's part is the one {@link ActorJson} already
 * holds encoded. A string holding a lone surrogate (Jackson writes it as a six-character escape)
 * is left to Jackson: {@link #write} returns false. Not thread-safe: one per
 * {@link JsonLines}.
 */
final class JsonLineBytes {
    private static final byte[][] KEYS = new byte[Field.values().length][];
    private static final byte[][] TYPES;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    static {
        for (Field f : Field.values()) {
            KEYS[f.ordinal()] = (",\"" + f.key + "\":").getBytes(StandardCharsets.US_ASCII);
        }
        io.fsmon.event.EventType[] types = io.fsmon.event.EventType.values();
        TYPES = new byte[types.length][];
        for (io.fsmon.event.EventType t : types) {
            TYPES[t.ordinal()] = ("\"" + t.name() + "\"").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Rfc3339 time;
    private static final int INITIAL = 1024;
    private static final int MAX_KEPT = 64 * 1024;
    private byte[] buf = new byte[INITIAL];
    private char[] chars = new char[INITIAL];
    private int len;

    JsonLineBytes(Rfc3339 time) {
        this.time = time;
    }

    /**
     * Writes the event's line and a newline to {@code out} in one {@code write} call; false, with
     * nothing written, when a string of the event holds a lone surrogate.
     */
    boolean write(FileEvent e, ActorJson actors, OutputStream out) throws IOException {
        Objects.requireNonNull(e.time(), "event time");
        Objects.requireNonNull(e.type(), "event type");
        if (buf.length > MAX_KEPT) {
            buf = new byte[INITIAL]; // one huge command line does not keep its buffer for good
        }
        len = 0;
        raw((byte) '{');
        raw((byte) '"');
        ascii("time");
        raw((byte) '"');
        raw((byte) ':');
        instant(e.time());
        key(Field.EVENT_TYPE);
        bytes(TYPES[e.type().ordinal()]);
        if (!string(Field.PATH, e.path()) || !string(Field.OLD_PATH, e.oldPath())) {
            return false;
        }
        Actor a = e.actor();
        if (a != null) {
            try {
                bytes(actors.head(a).asUnquotedUTF8());
            } catch (IOException x) { // encoding in memory failed: as JsonLines says it
                throw new IllegalArgumentException("cannot write event as JSON: " + x.getMessage(), x);
            }
        }
        number(Field.FILE_SIZE, e.fileSize());
        number(Field.SIZE_CHANGE, e.sizeChange());
        if (a != null) {
            bytes(actors.tail().asUnquotedUTF8());
        }
        if (e.since() != null) {
            key(Field.SINCE);
            instant(e.since());
        }
        if (e.until() != null) {
            key(Field.UNTIL);
            instant(e.until());
        }
        number(Field.DROPPED, e.dropped());
        raw((byte) '}');
        raw((byte) '\n');
        out.write(buf, 0, len);
        return true;
    }

    private void instant(Instant t) {
        int n = time.write(t);
        char[] c = time.buffer();
        room(n + 2);
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            b[at++] = (byte) c[i];
        }
        b[at++] = '"';
        len = at;
    }

    private void key(Field f) {
        bytes(KEYS[f.ordinal()]);
    }

    private void number(Field f, Long v) {
        if (v != null) {
            key(f);
            ascii(Long.toString(v));
        }
    }

    /** Field {@code f} with its value quoted and escaped as Jackson does; false on a lone surrogate. */
    private boolean string(Field f, String s) {
        if (s == null) {
            return true;
        }
        key(f);
        int n = s.length();
        room(n + 2);
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        s.getChars(0, n, chars, 0); // one bulk copy, then array reads: charAt per character costs more under C1
        char[] c = chars;
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        int i = 0;
        // Plain characters first: most paths are nothing else.
        for (; i < n; i++) {
            char ch = c[i];
            if (ch < 0x20 || ch >= 0x80 || ch == '"' || ch == '\\') {
                break;
            }
            b[at++] = (byte) ch;
        }
        len = at;
        if (i < n && !escaped(s, i)) {
            return false;
        }
        raw((byte) '"');
        if (chars.length > MAX_KEPT) {
            chars = new char[INITIAL];
        }
        return true;
    }

    /** The rest of {@code s} from {@code i}, with escapes and multi-byte characters. */
    private boolean escaped(String s, int i) {
        int n = s.length();
        for (; i < n; i++) {
            char c = s.charAt(i);
            room(6);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    buf[len++] = (byte) c;
                    continue;
                }
                buf[len++] = '\\';
                switch (c) {
                    case '"', '\\' -> buf[len++] = (byte) c;
                    case '\b' -> buf[len++] = 'b';
                    case '\t' -> buf[len++] = 't';
                    case '\n' -> buf[len++] = 'n';
                    case '\f' -> buf[len++] = 'f';
                    case '\r' -> buf[len++] = 'r';
                    default -> {
                        buf[len++] = 'u';
                        buf[len++] = '0';
                        buf[len++] = '0';
                        buf[len++] = HEX[c >> 4];
                        buf[len++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                return false;
            }
        }
        return true;
    }

    private void ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void raw(byte b) {
        room(1);
        buf[len++] = b;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
