package io.fsmon.history;

import io.fsmon.event.EventType;
import io.fsmon.event.Glob;
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
 * <p>Lines are examined as ISO-8859-1 text (one char per byte), which lets the scan use the JDK's
 * intrinsic {@link String#indexOf}; literals are converted to the same form from their UTF-8 bytes.
 *
 * <p>What {@code JsonLines} writes and these checks rely on: the line starts with
 * {@code {"time":"} and the time in exactly 30 characters ({@code 2026-05-01T10:00:00.000000000Z}),
 * which sorts as text; then {@code ","event_type":"} and the type name. Jackson writes non-ASCII
 * as raw UTF-8 and escapes only {@code "}, {@code \} and control characters, so a literal part of a
 * path glob free of those appears verbatim in any line whose path or old path matches.
 */
final class Prefilter {
    static final String HEAD = "{\"time\":\"";
    static final String TYPE_KEY = "\",\"event_type\":\"";
    static final int TIME_AT = HEAD.length();               // 9
    static final int TIME_LEN = 30;
    static final int TYPE_KEY_AT = TIME_AT + TIME_LEN;      // 39
    static final int TYPE_AT = TYPE_KEY_AT + TYPE_KEY.length(); // 55
    private static final DateTimeFormatter CANONICAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    final String since;      // canonical text, or null
    final String until;      // canonical text, or null
    final String stopAt;     // until + MAX_SKEW + MARKER_LOOKAHEAD: a line at or after it ends the scan
    final String[] typeNames; // quoted-terminated names of the wanted types ("CREATE\""), or null for any
    final String[] needles;  // one literal per path glob (Latin-1 view of UTF-8), or null when a glob has none

    Prefilter(Query q) {
        since = q.since() == null ? null : canonical(q.since());
        until = q.until() == null ? null : canonical(q.until());
        stopAt = q.until() == null ? null : canonical(scanEnd(q.until()));
        Set<EventType> types = q.filter().types();
        if (types.isEmpty()) {
            typeNames = null;
        } else {
            typeNames = types.stream().map(t -> t.name() + "\"").toArray(String[]::new);
        }
        needles = needles(q.paths());
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

    private static String[] needles(List<Glob> globs) {
        if (globs.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Glob g : globs) {
            String lit = longestLiteral(g.pattern());
            if (lit == null) {
                return null; // one glob without a usable literal: no path prefilter at all
            }
            out.add(new String(lit.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        return out.toArray(String[]::new);
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

    /** Whether the line {@code [from, to)} of {@code s} starts the way JsonLines writes a line. */
    static boolean canonicalHead(String s, int from, int to) {
        return to - from > TYPE_AT && s.startsWith(HEAD, from) && s.charAt(from + TYPE_KEY_AT - 1) == 'Z'
                && s.startsWith(TYPE_KEY, from + TYPE_KEY_AT);
    }

    /** Compares the time of a canonical line at {@code from} with canonical {@code time}. */
    static int compareTime(String s, int from, String time) {
        int at = from + TIME_AT;
        for (int k = 0; k < TIME_LEN; k++) {
            int d = s.charAt(at + k) - time.charAt(k);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /** Whether the canonical line at {@code from} is a marker. */
    static boolean marker(String s, int from) {
        return s.startsWith("OVERFLOW\"", from + TYPE_AT) || s.startsWith("GAP\"", from + TYPE_AT);
    }

    /** Whether the canonical line at {@code from} has a wanted type (markers are checked apart). */
    boolean wantedType(String s, int from) {
        if (typeNames == null) {
            return true;
        }
        for (String t : typeNames) {
            if (s.startsWith(t, from + TYPE_AT)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the line {@code [from, to)} holds the literal of at least one path glob. */
    boolean mayMatchPath(String s, int from, int to) {
        if (needles == null) {
            return true;
        }
        for (String n : needles) {
            if (s.indexOf(n, from, to) >= 0) {
                return true;
            }
        }
        return false;
    }
}
