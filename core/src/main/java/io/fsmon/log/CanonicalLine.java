package io.fsmon.log;

import io.fsmon.event.EventType;
import java.nio.charset.StandardCharsets;

/**
 * Recognises, without parsing, a history line that is exactly what {@link JsonLines} writes for the
 * event it holds: reading it and writing it again would give the same bytes. Such a line can be
 * printed as it is by {@code query -f json}, skipping both the parse and the write.
 *
 * <p>Part of {@code JsonLines}'s ownership of the format (it mirrors {@code writeObject}): keys
 * in {@link Field} order, none unknown, none null; no whitespace; strings in well-formed UTF-8 with
 * only the escapes Jackson writes; integers in their shortest decimal form and in range; times in
 * the fixed form of {@link Rfc3339} and on a real date; an event type by its exact name; actor
 * fields only after {@code pid}. The test is conservative: a line it refuses is merely parsed.
 */
final class CanonicalLine {
    private static final Field[] FIELDS = Field.values();
    private static final byte[][] KEYS = new byte[FIELDS.length][];
    private static final byte[][] TYPES = new byte[EventType.values().length][];
    private static final byte[] CHAIN_PID = ascii("{\"pid\":");
    private static final byte[] CHAIN_COMM = ascii(",\"comm\":");
    private static final byte[] CHAIN_USER = ascii(",\"user\":");

    static {
        for (Field f : FIELDS) {
            KEYS[f.ordinal()] = ascii("\"" + f.key + "\":");
        }
        for (EventType t : EventType.values()) {
            TYPES[t.ordinal()] = ascii(t.name() + "\"");
        }
    }

    private CanonicalLine() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code a[off, off+len)} is a line JsonLines writes, byte for byte (without the newline). */
    static boolean test(byte[] a, int off, int len) {
        return test(a, off, len, null);
    }

    /**
     * Where {@link #test(byte[], int, int, int[])} notes the end of a shipped line's body: the index
     * of the comma before {@code "host"}, or -1 for a line as the writer wrote it.
     */
    static final int BODY_END = FIELDS.length;
    private static final byte[] HOST = ascii("\"host\":");
    private static final byte[] ID = ascii(",\"id\":");

    /**
     * {@link #test(byte[], int, int)}, noting in {@code at} (indexed by {@link Field#ordinal()}, when
     * not null) where each field's value starts; fields absent keep what {@code at} held. When
     * {@code at} has a {@link #BODY_END} slot, a line as the shipper sends it and a central history
     * holds it is accepted too: the writer's line with {@code ,"host":"H","id":"I"} before its
     * closing brace, keys that {@link JsonLines#parse} skips (the slot then tells where they start).
     */
    static boolean test(byte[] a, int off, int len, int[] at) {
        if (at != null && at.length > BODY_END) {
            at[BODY_END] = -1;
        }
        int end = off + len;
        if (len < 2 || a[off] != '{' || a[end - 1] != '}') {
            return false;
        }
        int i = off + 1;
        int next = 0; // the first field that may still come
        boolean time = false, type = false, pid = false;
        while (true) {
            Field f = null;
            byte initial = i + 1 < end ? a[i + 1] : 0; // the key's first letter rules most candidates out
            for (int k = next; k < FIELDS.length; k++) {
                if (KEYS[k][1] == initial && startsWith(a, i, end, KEYS[k])) {
                    f = FIELDS[k];
                    break;
                }
            }
            if (f == null) {
                return at != null && at.length > BODY_END && time && type && shipped(a, i, end, at);
            }
            next = f.ordinal() + 1;
            i += KEYS[f.ordinal()].length;
            if (at != null) {
                at[f.ordinal()] = i;
            }
            i = switch (f) {
                case TIME, SINCE, UNTIL -> time(a, i, end);
                case EVENT_TYPE -> type(a, i, end);
                case PATH, OLD_PATH, COMM, CMD, EXE, USER, LOGIN_USER, CONTAINER -> string(a, i, end);
                case PID, TID, PPID, UID, LOGIN_UID -> number(a, i, end, 10, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case FILE_SIZE, SIZE_CHANGE, DROPPED -> number(a, i, end, 18, Long.MIN_VALUE, Long.MAX_VALUE);
                case CHAIN -> chain(a, i, end);
            };
            if (i < 0) {
                return false;
            }
            switch (f) {
                case TIME -> time = true;
                case EVENT_TYPE -> type = true;
                case PID -> pid = true;
                case TID, PPID, COMM, CMD, EXE, UID, USER, LOGIN_UID, LOGIN_USER, CONTAINER, CHAIN -> {
                    if (!pid) {
                        return false; // JsonLines refuses actor fields without a pid
                    }
                }
                default -> {
                }
            }
            if (i == end - 1) {
                return time && type;
            }
            if (a[i] != ',') {
                return false;
            }
            i++;
        }
    }

    /** Whether {@code a[i, end)} is {@code "host":S,"id":S}} (the shipper's suffix); notes its start. */
    private static boolean shipped(byte[] a, int i, int end, int[] at) {
        if (!startsWith(a, i, end, HOST)) {
            return false;
        }
        int p = string(a, i + HOST.length, end);
        if (p < 0 || !startsWith(a, p, end, ID)) {
            return false;
        }
        p = string(a, p + ID.length, end);
        if (p != end - 1) {
            return false;
        }
        at[BODY_END] = i - 1; // the comma before "host"
        return true;
    }

    private static boolean startsWith(byte[] a, int at, int end, byte[] p) {
        return at + p.length <= end && java.util.Arrays.equals(a, at, at + p.length, p, 0, p.length);
    }

    /** A quoted time in the form Rfc3339 writes, on a real date; the index after it, or -1. */
    private static int time(byte[] a, int i, int end) {
        int close = i + 1 + Rfc3339.LENGTH;
        if (close >= end || a[i] != '"' || a[close] != '"') {
            return -1;
        }
        int t = i + 1;
        if (a[t + 4] != '-' || a[t + 7] != '-' || a[t + 10] != 'T' || a[t + 13] != ':' || a[t + 16] != ':'
                || a[t + 19] != '.' || a[t + 29] != 'Z') {
            return -1;
        }
        int year = digits(a, t, 4), month = digits(a, t + 5, 2), day = digits(a, t + 8, 2);
        int hour = digits(a, t + 11, 2), minute = digits(a, t + 14, 2), second = digits(a, t + 17, 2);
        if ((year | month | day | hour | minute | second | digits(a, t + 20, 9)) < 0 || month < 1 || month > 12
                || day < 1 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))
                || hour > 23 || minute > 59 || second > 59) {
            return -1;
        }
        return close + 1;
    }

    private static int digits(byte[] a, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int type(byte[] a, int i, int end) {
        if (i >= end || a[i] != '"') {
            return -1;
        }
        for (byte[] t : TYPES) {
            if (startsWith(a, i + 1, end, t)) {
                return i + 1 + t.length;
            }
        }
        return -1;
    }

    /**
     * An integer as Jackson writes it ({@code 0}, {@code -12}, never {@code -0} or {@code 012}),
     * of at most {@code maxDigits} digits and within {@code [min, max]}; the index after it, or -1.
     */
    private static int number(byte[] a, int i, int end, int maxDigits, long min, long max) {
        boolean negative = i < end && a[i] == '-';
        int p = negative ? i + 1 : i;
        long v = 0;
        int start = p;
        while (p < end && a[p] >= '0' && a[p] <= '9') {
            v = v * 10 + (a[p] - '0');
            p++;
        }
        int n = p - start;
        if (n == 0 || n > maxDigits || a[start] == '0' && (n > 1 || negative)) {
            return -1;
        }
        v = negative ? -v : v;
        return v < min || v > max ? -1 : p;
    }

    /** A string as Jackson writes it from a Java string; the index after its closing quote, or -1. */
    private static int string(byte[] a, int i, int end) {
        if (i >= end || a[i] != '"') {
            return -1;
        }
        int p = i + 1;
        while (p < end) {
            int b = a[p] & 0xFF;
            if (b == '"') {
                return p + 1;
            } else if (b == '\\') {
                p = escape(a, p, end);
            } else if (b < 0x20) {
                return -1; // Jackson escapes control characters
            } else if (b < 0x80) {
                p++;
            } else {
                p = utf8(a, p, end);
            }
            if (p < 0) {
                return -1;
            }
        }
        return -1;
    }

    /** One escape as Jackson writes it: the short forms it uses, else <code>&#92;u00XX</code> for a control character. */
    private static int escape(byte[] a, int p, int end) {
        if (p + 1 >= end) {
            return -1;
        }
        switch (a[p + 1]) {
            case '"', '\\', 'b', 't', 'n', 'f', 'r' -> {
                return p + 2;
            }
            case 'u' -> {
                if (p + 6 > end || a[p + 2] != '0' || a[p + 3] != '0' || (a[p + 4] != '0' && a[p + 4] != '1')) {
                    return -1;
                }
                byte h = a[p + 5];
                boolean hex = h >= '0' && h <= '9' || h >= 'A' && h <= 'F';
                int c = (a[p + 4] - '0') * 16 + (h <= '9' ? h - '0' : h - 'A' + 10);
                // \b \t \n \f \r have short forms, which Jackson uses
                return hex && c != 8 && c != 9 && c != 10 && c != 12 && c != 13 ? p + 6 : -1;
            }
            default -> {
                return -1;
            }
        }
    }

    /** One well-formed UTF-8 sequence of 2 to 4 bytes (shortest form, no surrogates); the index after it, or -1. */
    private static int utf8(byte[] a, int p, int end) {
        int b = a[p] & 0xFF;
        int n;
        int lo = 0x80, hi = 0xBF; // the allowed range of the second byte
        if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            if (b == 0xE0) {
                lo = 0xA0;
            } else if (b == 0xED) {
                hi = 0x9F; // U+D800..U+DFFF are surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            if (b == 0xF0) {
                lo = 0x90;
            } else if (b == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        if (p + n > end) {
            return -1;
        }
        int second = a[p + 1] & 0xFF;
        if (second < lo || second > hi) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            if ((a[p + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return p + n;
    }

    /** {@code [{"pid":N,"comm":S,"user":S},...]} with comm and user optional; the index after it, or -1. */
    private static int chain(byte[] a, int i, int end) {
        if (i >= end || a[i] != '[') {
            return -1;
        }
        int p = i + 1;
        if (p < end && a[p] == ']') {
            return p + 1;
        }
        while (true) {
            if (!startsWith(a, p, end, CHAIN_PID)) {
                return -1;
            }
            p = number(a, p + CHAIN_PID.length, end, 10, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (p >= 0 && startsWith(a, p, end, CHAIN_COMM)) {
                p = string(a, p + CHAIN_COMM.length, end);
            }
            if (p >= 0 && startsWith(a, p, end, CHAIN_USER)) {
                p = string(a, p + CHAIN_USER.length, end);
            }
            if (p < 0 || p + 1 >= end || a[p] != '}') {
                return -1;
            }
            p++;
            if (a[p] == ']') {
                return p + 1;
            }
            if (a[p] != ',') {
                return -1;
            }
            p++;
        }
    }
}
