package io.fsmon.history;

import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import io.fsmon.log.HistoryLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The cheap checks that rule a raw history line out before it is parsed as JSON. Every check is
 * a necessary condition for a line that {@link io.fsmon.log.JsonLines} wrote: it may let a line
 * through that the full test then refuses, never the other way round. A line of any other shape
 * is always parsed, so the JSON semantics stay in {@code JsonLines}.
 *
 * <p>Lines are examined as raw bytes; literals are compared as their UTF-8 bytes.
 *
 * <p>What {@code JsonLines} writes and these checks rely on: the line starts with
 * {@code {"time":"} and the time in exactly 30 characters ({@code 2026-05-01T10:00:00.000000000Z}),
 * which sorts as text; then {@code ","event_type":"} and the type name. Jackson writes non-ASCII
 * as raw UTF-8 and escapes only {@code "}, {@code \} and control characters, so a literal part of a
 * path glob free of those appears verbatim in any line whose path or old path matches.
 */
final class Prefilter {
    static final byte[] HEAD = ascii("{\"time\":\"");
    static final byte[] TYPE_KEY = ascii("\",\"event_type\":\"");
    static final int TIME_AT = HEAD.length;                  // 9
    static final int TIME_LEN = 30;
    static final int TYPE_KEY_AT = TIME_AT + TIME_LEN;       // 39
    static final int TYPE_AT = TYPE_KEY_AT + TYPE_KEY.length; // 55
    static final byte[] PATH_KEY = ascii(",\"path\":\"");
    static final byte[] OLD_PATH_KEY = ascii(",\"old_path\":\"");
    static final byte[] OVERFLOW = ascii("OVERFLOW\"");
    static final byte[] GAP = ascii("GAP\"");
    private static final DateTimeFormatter CANONICAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    final byte[] since;       // canonical text, or null
    final byte[] until;       // canonical text, or null
    final byte[] stopAt;      // until + MAX_SKEW + MARKER_LOOKAHEAD: a line at or after it ends the scan
    final byte[][] typeNames; // names of the wanted types followed by '"' ("CREATE\""), or null for any
    /** The literals the path, process and user filters need in a line. */
    final Literals literals;
    /** The one path glob when it is a plain absolute path and nothing but time and type constrains the rest; else null. */
    final byte[] exactPath;

    /** What the raw bytes of a canonical line tell about {@link #exactPath}. */
    enum PathCheck { MATCH, NO_MATCH, PARSE }

    Prefilter(Query q) {
        since = q.since() == null ? null : ascii(canonical(q.since()));
        until = q.until() == null ? null : ascii(canonical(q.until()));
        stopAt = q.until() == null ? null : ascii(canonical(scanEnd(q.until())));
        Set<EventType> types = q.filter().types();
        if (types.isEmpty()) {
            typeNames = null;
        } else {
            typeNames = types.stream().map(t -> ascii(t.name() + "\"")).toArray(byte[][]::new);
        }
        literals = Literals.of(q);
        exactPath = exactPath(q);
    }

    private static byte[] exactPath(Query q) {
        if (q.paths().size() != 1 || !q.constrainsOnlyTimeTypeAndPaths()) {
            return null;
        }
        String pattern = q.paths().getFirst().pattern();
        // anchored only: a pattern without '/' at its start matches the name anywhere ("resolv.conf"
        // matches /etc/resolv.conf), which equality of the bytes would miss
        return pattern.startsWith("/") && pattern.equals(longestLiteral(pattern)) ? pattern.getBytes(StandardCharsets.UTF_8) : null;
    }

    /**
     * How long after the window a marker is still looked for. A marker is written when the loss
     * is noticed (a {@code GAP} when writing resumes), so one describing the window may come
     * after it; spans of markers written later than this are not seen.
     */
    static final java.time.Duration MARKER_LOOKAHEAD = java.time.Duration.ofHours(1);

    /** The time from which no line can be in a window ending at {@code until}, nor a marker about it. */
    static Instant scanEnd(Instant until) {
        return until.plus(HistoryLayout.MAX_SKEW).plus(MARKER_LOOKAHEAD);
    }

    /** The time as the history writes it; times outside years 0000-9999 are clamped (no line can hold them). */
    static String canonical(Instant t) {
        if (t.isBefore(Instant.parse("0000-01-01T00:00:00Z"))) {
            return "0000-01-01T00:00:00.000000000Z";
        }
        if (!t.isBefore(Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
            return "9999-12-31T23:59:59.999999999Z";
        }
        return CANONICAL.format(t);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The longest run of a glob free of metacharacters and of characters JSON escapes; null if none. */
    static String longestLiteral(String pattern) {
        String best = null;
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                i++;
            } else if (c == '[') {
                int j = i + 1;
                if (j < n && (pattern.charAt(j) == '!' || pattern.charAt(j) == '^')) {
                    j++;
                }
                j++; // a ']' right after '[' is literal
                while (j < n && pattern.charAt(j) != ']') {
                    j++;
                }
                i = j + 1;
            } else {
                int j = i;
                while (j < n && "*?[".indexOf(pattern.charAt(j)) < 0) {
                    j++;
                }
                String run = pattern.substring(i, j);
                if (jsonVerbatim(run) && (best == null || run.length() > best.length())) {
                    best = run;
                }
                i = j;
            }
        }
        return best;
    }

    private static boolean jsonVerbatim(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * Whether the line {@code a[from, to)} starts the way JsonLines writes a line: then its time is
     * in the fixed form (digits and separators only, no escape), so its bytes sort as its instant.
     */
    static boolean canonicalHead(byte[] a, int from, int to) {
        return writerShape(a, from, to) && timeShaped(a, from + TIME_AT);
    }

    /** The head's keys where JsonLines writes them (the time's text unchecked): enough to read the type. */
    static boolean writerShape(byte[] a, int from, int to) {
        // three 8-byte compares: this runs for every line of a scan
        return to - from > TYPE_AT && ByteSearch.longAt(a, from) == HEAD_8 && a[from + 8] == HEAD[8]
                && a[from + TYPE_KEY_AT - 1] == 'Z' && ByteSearch.longAt(a, from + TYPE_KEY_AT) == TYPE_KEY_8
                && ByteSearch.longAt(a, from + TYPE_KEY_AT + 8) == TYPE_KEY_16;
    }

    private static final long HEAD_8 = ByteSearch.longAt(HEAD, 0);
    private static final long TYPE_KEY_8 = ByteSearch.longAt(TYPE_KEY, 0);
    private static final long TYPE_KEY_16 = ByteSearch.longAt(TYPE_KEY, 8);

    /** {@link #marker} for a line known to hold no backslash: its type's first byte mostly decides. */
    static boolean plainMarker(byte[] a, int from, int to) {
        byte b = a[from + TYPE_AT];
        return (b == 'O' || b == 'G') && marker(a, from, to);
    }

    /** {@code dddd-dd-ddTdd:dd:dd.dddddddddZ} at {@code t}. */
    private static boolean timeShaped(byte[] a, int t) {
        for (int k = 0; k < TIME_LEN - 1; k++) {
            byte b = a[t + k];
            boolean ok = switch (k) {
                case 4, 7 -> b == '-';
                case 10 -> b == 'T';
                case 13, 16 -> b == ':';
                case 19 -> b == '.';
                default -> b >= '0' && b <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether the type name of the canonical line {@code a[from, to)} holds an escape: its bytes are not its name. */
    private static boolean escapedType(byte[] a, int from, int to) {
        for (int i = from + TYPE_AT; i < to && a[i] != '"'; i++) {
            if (a[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Compares the time of a canonical line at {@code from} with canonical {@code time}. */
    static int compareTime(byte[] a, int from, byte[] time) {
        return java.util.Arrays.compare(a, from + TIME_AT, from + TIME_AT + TIME_LEN, time, 0, TIME_LEN);
    }

    /**
     * Whether the canonical line {@code a[from, to)} is a marker, or may be one: a type written
     * with an escape is read as a marker here, so that it is parsed, never ruled out by its time.
     */
    static boolean marker(byte[] a, int from, int to) {
        return ByteSearch.startsWith(a, from + TYPE_AT, to, OVERFLOW) || ByteSearch.startsWith(a, from + TYPE_AT, to, GAP)
                || escapedType(a, from, to);
    }

    /** Whether the canonical line {@code a[from, to)} has a wanted type (markers are checked apart). */
    boolean wantedType(byte[] a, int from, int to) {
        if (typeNames == null) {
            return true;
        }
        for (byte[] t : typeNames) {
            if (ByteSearch.startsWith(a, from + TYPE_AT, to, t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the path or old path of the canonical, non-marker line {@code a[from, to)} is
     * {@link #exactPath}, read from the raw bytes: JsonLines writes {@code "path"} right after the
     * type and {@code "old_path"} right after it, and escapes only characters a plain path glob
     * cannot hold, so a value without a backslash equals the glob exactly when its bytes do.
     * {@link PathCheck#PARSE} when a value holds an escape or the line has another layout.
     */
    PathCheck pathCheck(byte[] a, int from, int to) {
        int p = from + TYPE_AT;
        while (p < to && a[p] != '"') {
            p++; // the end of the type name
        }
        if (!ByteSearch.startsWith(a, p + 1, to, PATH_KEY)) {
            return PathCheck.PARSE;
        }
        p += 1 + PATH_KEY.length;
        int end = plainValueEnd(a, p, to);
        if (end < 0) {
            return PathCheck.PARSE;
        }
        if (java.util.Arrays.equals(a, p, end, exactPath, 0, exactPath.length)) {
            return PathCheck.MATCH;
        }
        if (!ByteSearch.startsWith(a, end + 1, to, OLD_PATH_KEY)) {
            return PathCheck.NO_MATCH;
        }
        p = end + 1 + OLD_PATH_KEY.length;
        end = plainValueEnd(a, p, to);
        if (end < 0) {
            return PathCheck.PARSE;
        }
        return java.util.Arrays.equals(a, p, end, exactPath, 0, exactPath.length) ? PathCheck.MATCH : PathCheck.NO_MATCH;
    }

    /** The index of the quote that ends the JSON string value at {@code p}; -1 if an escape or the line's end comes first. */
    private static int plainValueEnd(byte[] a, int p, int to) {
        for (int i = p; i < to; i++) {
            if (a[i] == '"') {
                return i;
            }
            if (a[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** Whether the line {@code a[from, to)} may pass the path, process and user filters (see {@link Literals}). */
    boolean mayMatch(byte[] a, int from, int to) {
        return literals.mayMatch(a, from, to);
    }
}
