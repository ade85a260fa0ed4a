package io.fsmon.log;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Event times as RFC 3339 UTC with exactly nine fraction digits ({@code 2026-11-25T10:20:14.123456789Z}):
 * fixed width, so the history sorts as text, and nanoseconds, so events within one millisecond keep
 * their order.
 *
 * <p>Written by hand into a reused buffer because this runs for every event (300k/s); the
 * "date and seconds" part is cached, as consecutive events almost always share their second.
 * RFC 3339 has four-digit years only, so times outside 0000-9999 are refused. Not thread-safe.
 */
final class Rfc3339 {
    /** Length of {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int LENGTH = 30;
    private static final long YEAR_0 = -62167219200L;      // 0000-01-01T00:00:00Z
    private static final long YEAR_10000 = 253402300800L;  // 10000-01-01T00:00:00Z

    private final char[] buf = new char[LENGTH];
    private long cachedSecond = Long.MIN_VALUE;
    /** The time in {@link #buf}: the events of one kernel read share one Instant. */
    private Instant written;

    /** The buffer {@link #write} fills. */
    char[] buffer() {
        return buf;
    }

    /** Writes the time into {@link #buffer()}; returns {@link #LENGTH}. */
    int write(Instant t) {
        if (t == written) {
            return LENGTH;
        }
        long sec = t.getEpochSecond();
        if (sec < YEAR_0 || sec >= YEAR_10000) {
            throw new IllegalArgumentException("time outside years 0000-9999: " + t);
        }
        if (sec != cachedSecond) {
            LocalDateTime d = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
            digits(d.getYear(), 0, 4);
            buf[4] = '-';
            digits(d.getMonthValue(), 5, 2);
            buf[7] = '-';
            digits(d.getDayOfMonth(), 8, 2);
            buf[10] = 'T';
            digits(d.getHour(), 11, 2);
            buf[13] = ':';
            digits(d.getMinute(), 14, 2);
            buf[16] = ':';
            digits(d.getSecond(), 17, 2);
            buf[19] = '.';
            buf[29] = 'Z';
            cachedSecond = sec;
        }
        digits(t.getNano(), 20, 9);
        written = t;
        return LENGTH;
    }

    /** The time as a string; see {@link #write}. */
    String format(Instant t) {
        return new String(buf, 0, write(t));
    }

    private void digits(int value, int at, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Reads the form {@link #write} produces ({@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}) without
     * {@code DateTimeFormatter}, the most expensive step of reading a history line; anything else
     * (other fraction widths, offsets) returns null and the caller falls back to
     * {@link Instant#parse}.
     */
    static Instant parseFixed(String s) {
        if (s.length() != LENGTH || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(29) != 'Z') {
            return null;
        }
        int year = num(s, 0, 4), month = num(s, 5, 2), day = num(s, 8, 2);
        int hour = num(s, 11, 2), minute = num(s, 14, 2), second = num(s, 17, 2), nano = num(s, 20, 9);
        if ((year | month | day | hour | minute | second | nano) < 0 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nano);
    }

    /** The decimal number in {@code s[at, at+width)}, or -1 if it holds a non-digit. */
    private static int num(String s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
