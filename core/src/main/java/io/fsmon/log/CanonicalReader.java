package io.fsmon.log;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a line that {@link CanonicalLine} recognises as exactly what {@link JsonLines} writes,
 * straight from its bytes: the values lie where the walk found them, strings hold only the escapes
 * Jackson writes, numbers are in range, times in the fixed form. The event is the one the JSON
 * parser reads from the same line (the equivalence and round-trip tests hold the two together);
 * a history scan parses the lines it selects about five times faster this way.
 */
final class CanonicalReader {
    private static final Field[] FIELDS = Field.values();
    private static final EventType[] TYPES = EventType.values();

    private CanonicalReader() {
    }

    /** The event of the line {@code a[off, off+len)}, or null when the line is not canonical. */
    static FileEvent read(byte[] a, int off, int len) {
        int[] at = new int[FIELDS.length + 1]; // and a shipped line's body end: read as the writer's line
        Arrays.fill(at, -1);
        if (!CanonicalLine.test(a, off, len, at)) {
            return null;
        }
        return event(a, at);
    }

    /** The event of a canonical line whose value offsets {@link CanonicalLine#test} noted in {@code at}. */
    static FileEvent event(byte[] a, int[] at) {
        Integer pid = integer(a, at[Field.PID.ordinal()]);
        Actor actor = pid == null ? null : new Actor(pid, integer(a, at[Field.TID.ordinal()]),
                integer(a, at[Field.PPID.ordinal()]), string(a, at[Field.COMM.ordinal()]),
                string(a, at[Field.CMD.ordinal()]), string(a, at[Field.EXE.ordinal()]),
                integer(a, at[Field.UID.ordinal()]), string(a, at[Field.USER.ordinal()]),
                integer(a, at[Field.LOGIN_UID.ordinal()]), string(a, at[Field.LOGIN_USER.ordinal()]),
                string(a, at[Field.CONTAINER.ordinal()]), chain(a, at[Field.CHAIN.ordinal()]));
        return new FileEvent(time(a, at[Field.TIME.ordinal()]), type(a, at[Field.EVENT_TYPE.ordinal()]),
                string(a, at[Field.PATH.ordinal()]), string(a, at[Field.OLD_PATH.ordinal()]), actor,
                number(a, at[Field.FILE_SIZE.ordinal()]), number(a, at[Field.SIZE_CHANGE.ordinal()]),
                time(a, at[Field.SINCE.ordinal()]), time(a, at[Field.UNTIL.ordinal()]), number(a, at[Field.DROPPED.ordinal()]));
    }

    private static Instant time(byte[] a, int p) {
        return p < 0 ? null : Rfc3339.parseFixed(new String(a, p + 1, Rfc3339.LENGTH, StandardCharsets.ISO_8859_1));
    }

    private static EventType type(byte[] a, int p) {
        int end = p + 1;
        while (a[end] != '"') {
            end++;
        }
        String name = new String(a, p + 1, end - p - 1, StandardCharsets.ISO_8859_1);
        for (EventType t : TYPES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("a canonical line of unknown type " + name);
    }

    private static Long number(byte[] a, int p) {
        if (p < 0) {
            return null;
        }
        boolean negative = a[p] == '-';
        long v = 0;
        for (int i = negative ? p + 1 : p; a[i] >= '0' && a[i] <= '9'; i++) {
            v = v * 10 + (a[i] - '0');
        }
        return negative ? -v : v;
    }

    private static Integer integer(byte[] a, int p) {
        return p < 0 ? null : (int) (long) number(a, p);
    }

    /** The string whose opening quote is at {@code p}: raw UTF-8 but for Jackson's escapes. */
    private static String string(byte[] a, int p) {
        if (p < 0) {
            return null;
        }
        int i = p + 1;
        while (a[i] != '"' && a[i] != '\\') {
            i++;
        }
        if (a[i] == '"') {
            return new String(a, p + 1, i - p - 1, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(i - p + 16);
        out.write(a, p + 1, i - p - 1);
        while (a[i] != '"') {
            if (a[i] != '\\') {
                out.write(a[i++]);
                continue;
            }
            byte e = a[i + 1];
            switch (e) {
                case 'b' -> out.write('\b');
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'f' -> out.write('\f');
                case 'r' -> out.write('\r');
                case 'u' -> out.write(Integer.parseInt(new String(a, i + 2, 4, StandardCharsets.ISO_8859_1), 16));
                default -> out.write(e); // '"' and '\\'
            }
            i += e == 'u' ? 6 : 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code [{"pid":N,"comm":S,"user":S},...]} at {@code p}, comm and user optional. */
    private static List<Actor.Ancestor> chain(byte[] a, int p) {
        if (p < 0) {
            return null;
        }
        List<Actor.Ancestor> out = new ArrayList<>();
        int i = p + 1;
        while (a[i] == '{') {
            i += "{\"pid\":".length();
            int pid = (int) (long) number(a, i);
            while (a[i] != ',' && a[i] != '}') {
                i++;
            }
            String comm = null;
            String user = null;
            if (startsWith(a, i, ",\"comm\":")) {
                i += ",\"comm\":".length();
                comm = string(a, i);
                i = stringEnd(a, i);
            }
            if (startsWith(a, i, ",\"user\":")) {
                i += ",\"user\":".length();
                user = string(a, i);
                i = stringEnd(a, i);
            }
            out.add(new Actor.Ancestor(pid, comm, user));
            i++; // '}'
            if (a[i] == ',') {
                i++;
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] a, int at, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (at + k >= a.length || a[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The index after the string whose opening quote is at {@code p}. */
    private static int stringEnd(byte[] a, int p) {
        int i = p + 1;
        while (a[i] != '"') {
            i += a[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }
}
