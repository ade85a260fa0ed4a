package io.fsmon.log;

import io.fsmon.event.FileEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A history line that {@link JsonLines#isCanonical} (exactly what JsonLines writes; or that and
 * the {@code host} and {@code id} a central history's lines end with), with where each value lies, so that a query can test it and a format can print it straight from its bytes,
 * without building the event: the values mean what {@link JsonLines#parse} reads from them. A
 * canonical line has one way of writing each value (Jackson's escapes only, numbers in their
 * shortest form, times in the fixed form), so two values are equal exactly when their bytes are.
 *
 * <p>Reused line after line: not thread-safe; the line's bytes must stay unchanged while it is read.
 */
public final class CanonicalFields {
    private static final Field[] FIELDS = Field.values();
    /** Where each field's value starts, and {@link CanonicalLine#BODY_END}. */
    private final int[] at = new int[FIELDS.length + 1];
    private final LineBytes scratch = new LineBytes();
    private byte[] a;
    private int from;
    private int to;

    /** Reads the line {@code a[off, off+len)}; false when it is not canonical (then nothing else may be asked). */
    public boolean read(byte[] a, int off, int len) {
        Arrays.fill(at, -1);
        this.a = a;
        this.from = off;
        this.to = off + len;
        return CanonicalLine.test(a, off, len, at);
    }

    /** The event, as {@link JsonLines#parse} reads it. */
    public FileEvent event() {
        return CanonicalReader.event(a, at);
    }

    /**
     * What {@link JsonLines#format} writes for the event: the line's bytes, without the
     * {@code host} and {@code id} of a shipped line.
     */
    public byte[] copy() {
        int body = at[CanonicalLine.BODY_END];
        if (body < 0) {
            return Arrays.copyOfRange(a, from, to);
        }
        byte[] b = Arrays.copyOfRange(a, from, body + 1);
        b[b.length - 1] = '}';
        return b;
    }

    public boolean has(Field f) {
        return at[f.ordinal()] >= 0;
    }

    /** Whether the type is a marker ({@code OVERFLOW}, {@code GAP}). */
    public boolean marker() {
        int p = at[Field.EVENT_TYPE.ordinal()] + 1;
        return a[p] == 'O' && a[p + 1] == 'V' || a[p] == 'G' && a[p + 1] == 'A';
    }

    /** The value of a number field that {@link #has} one. */
    public long number(Field f) {
        int p = at[f.ordinal()];
        boolean negative = a[p] == '-';
        long v = 0;
        for (int i = negative ? p + 1 : p; a[i] >= '0' && a[i] <= '9'; i++) {
            v = v * 10 + (a[i] - '0');
        }
        return negative ? -v : v;
    }

    /** Whether a number field is written as {@code text} (its decimal form, as {@code Long.toString} writes it). */
    public boolean numberIs(Field f, byte[] text) {
        int p = at[f.ordinal()];
        return p >= 0 && p + text.length < to && Arrays.equals(a, p, p + text.length, text, 0, text.length)
                && (a[p + text.length] == ',' || a[p + text.length] == '}');
    }

    /** Whether two number fields are both present and equal. */
    boolean sameNumber(Field x, Field y) {
        int p = at[x.ordinal()];
        int q = at[y.ordinal()];
        return p >= 0 && q >= 0 && Arrays.equals(a, p, numberEnd(p), a, q, numberEnd(q));
    }

    /** Whether two string fields are both present and equal. */
    boolean sameString(Field x, Field y) {
        int p = at[x.ordinal()];
        int q = at[y.ordinal()];
        return p >= 0 && q >= 0 && Arrays.equals(a, p, stringEnd(a, p), a, q, stringEnd(a, q));
    }

    /** Whether a string field is present and equals {@code value}, given as UTF-8. */
    public boolean stringIs(Field f, byte[] value) {
        int p = at[f.ordinal()];
        if (p < 0) {
            return false;
        }
        int end = p + 1 + value.length;
        if (end < to && a[end] == '"' && Arrays.equals(a, p + 1, end, value, 0, value.length)) {
            return true; // the same bytes and no escape before the closing quote could make them differ
        }
        return hasEscape(p) && value(p).equals(new String(value, StandardCharsets.UTF_8));
    }

    /** A string field's value, or null when absent. */
    public String string(Field f) {
        int p = at[f.ordinal()];
        return p < 0 ? null : value(p);
    }

    private String value(int p) {
        int i = p + 1;
        while (a[i] != '"' && a[i] != '\\') {
            i++;
        }
        if (a[i] == '"') {
            return new String(a, p + 1, i - p - 1, StandardCharsets.UTF_8);
        }
        scratch.reset();
        unescape(a, p, scratch);
        return new String(scratch.toArray(), StandardCharsets.UTF_8);
    }

    /**
     * Whether a link of the ancestry chain has a command name {@code comm} accepts or the pid
     * written as {@code pid}; false without a chain.
     */
    public boolean anyLink(Predicate<String> comm, byte[] pid) {
        int i = at[Field.CHAIN.ordinal()];
        if (i < 0) {
            return false;
        }
        i++; // '['
        while (a[i] == '{') {
            i += PID.length;
            int end = numberEnd(i);
            if (Arrays.equals(a, i, end, pid, 0, pid.length)) {
                return true;
            }
            i = end;
            if (startsWith(i, COMM)) {
                i += COMM.length;
                if (comm.test(value(i))) {
                    return true;
                }
                i = stringEnd(a, i);
            }
            if (startsWith(i, USER)) {
                i = stringEnd(a, i + USER.length);
            }
            i++; // '}'
            if (a[i] == ',') {
                i++;
            }
        }
        return false;
    }

    private static final byte[] PID = "{\"pid\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMM = ",\"comm\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USER = ",\"user\":".getBytes(StandardCharsets.US_ASCII);

    private boolean startsWith(int p, byte[] s) {
        return p + s.length <= to && Arrays.equals(a, p, p + s.length, s, 0, s.length);
    }

    private int numberEnd(int p) {
        int i = a[p] == '-' ? p + 1 : p;
        while (a[i] >= '0' && a[i] <= '9') {
            i++;
        }
        return i;
    }

    // ---- for the formats of this package: values appended as bytes

    /** Appends the raw text of a number, time or type field (times and types without their quotes). */
    void appendRaw(Field f, LineBytes out) {
        int p = at[f.ordinal()];
        switch (f) {
            case TIME, SINCE, UNTIL -> out.add(a, p + 1, Rfc3339.LENGTH);
            case EVENT_TYPE -> out.add(a, p + 1, stringEnd(a, p) - p - 2);
            default -> out.add(a, p, numberEnd(p) - p);
        }
    }

    /** The index of the first byte of a time field's text (after its quote). */
    int timeAt(Field f) {
        return at[f.ordinal()] + 1;
    }

    byte[] bytes() {
        return a;
    }

    /** Appends a string field's value, unescaped, as UTF-8. */
    void appendString(Field f, LineBytes out) {
        unescape(a, at[f.ordinal()], out);
    }

    /**
     * Appends a string field's value and returns true when it is printable ASCII without escapes
     * (paths, commands and users mostly are); else appends nothing and returns false.
     */
    boolean appendPrintableAscii(Field f, LineBytes out) {
        int p = at[f.ordinal()];
        int i = p + 1;
        for (byte b = a[i]; b != '"'; b = a[++i]) {
            if (b < 0x20 || b == 0x7f || b == '\\') { // negative: a byte of a multi-byte character
                return false;
            }
        }
        out.add(a, p + 1, i - p - 1);
        return true;
    }

    /** Appends the chain as CSV writes it: {@code pid:comm:user} links joined by {@code >}. */
    void appendChain(LineBytes out) {
        int i = at[Field.CHAIN.ordinal()] + 1;
        boolean first = true;
        while (a[i] == '{') {
            if (!first) {
                out.add('>');
            }
            first = false;
            i += PID.length;
            int end = numberEnd(i);
            out.add(a, i, end - i).add(':');
            i = end;
            if (startsWith(i, COMM)) {
                i += COMM.length;
                unescape(a, i, out);
                i = stringEnd(a, i);
            }
            out.add(':');
            if (startsWith(i, USER)) {
                i += USER.length;
                unescape(a, i, out);
                i = stringEnd(a, i);
            }
            i++; // '}'
            if (a[i] == ',') {
                i++;
            }
        }
    }

    /** Appends the JSON string whose opening quote is at {@code p}, unescaped, as UTF-8 (Jackson's escapes only). */
    static void unescape(byte[] a, int p, LineBytes out) {
        int i = p + 1;
        int run = i;
        while (a[i] != '"') {
            if (a[i] != '\\') {
                i++;
                continue;
            }
            out.add(a, run, i - run);
            byte e = a[i + 1];
            switch (e) {
                case 'b' -> out.add('\b');
                case 't' -> out.add('\t');
                case 'n' -> out.add('\n');
                case 'f' -> out.add('\f');
                case 'r' -> out.add('\r');
                case 'u' -> out.add(Integer.parseInt(new String(a, i + 2, 4, StandardCharsets.ISO_8859_1), 16));
                default -> out.add(e); // '"' and '\\'
            }
            i += e == 'u' ? 6 : 2;
            run = i;
        }
        out.add(a, run, i - run);
    }

    /** The index after the string whose opening quote is at {@code p}. */
    static int stringEnd(byte[] a, int p) {
        int i = p + 1;
        while (a[i] != '"') {
            i += a[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    /** Whether the string whose opening quote is at {@code p} holds an escape. */
    private boolean hasEscape(int p) {
        for (int i = p + 1; a[i] != '"'; i++) {
            if (a[i] == '\\') {
                return true;
            }
        }
        return false;
    }
}
