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

    /** The buffer {@link #write} fills. */
    char[] buffer() {
        return buf;
    }

    /** Writes the time into {@link #buffer()}; returns {@link #LENGTH}. */
    int write(Instant t) {
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
}
