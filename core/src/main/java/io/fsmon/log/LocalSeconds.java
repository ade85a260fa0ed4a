package io.fsmon.log;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * An instant's local date and time to the second in a zone, as {@code uuuu-MM-dd HH:mm:ss} in
 * ASCII, without a {@code DateTimeFormatter}: the human format of a query prints a new second on
 * almost every line, and the formatter cost more than the rest of the line. The zone's offset is
 * kept with the span it holds for (between two transitions of its rules), the date text with its
 * day. Years outside 0000-9999 are left to the formatter ({@link #write} returns false).
 *
 * <p>Not thread-safe.
 */
final class LocalSeconds {
    private final ZoneRules rules;
    private long offsetFrom = Long.MAX_VALUE;
    private long offsetUntil = Long.MIN_VALUE;
    private int offset;
    private long day = Long.MIN_VALUE;
    private final byte[] text = new byte[19];

    LocalSeconds(ZoneId zone) {
        this.rules = zone.getRules();
    }

    /** Writes the local time of {@code epochSecond} into {@link #text()}; false when its year is not 0000-9999. */
    boolean write(long epochSecond) {
        if (epochSecond < offsetFrom || epochSecond >= offsetUntil) {
            Instant i = Instant.ofEpochSecond(epochSecond);
            offset = rules.getOffset(i).getTotalSeconds();
            ZoneOffsetTransition prev = rules.previousTransition(i.plusSeconds(1)); // at or before i
            ZoneOffsetTransition next = rules.nextTransition(i);
            offsetFrom = prev == null ? Long.MIN_VALUE : prev.toEpochSecond();
            offsetUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        }
        long local = epochSecond + offset;
        long d = Math.floorDiv(local, 86_400);
        if (d != day) {
            LocalDate date = LocalDate.ofEpochDay(d);
            if (date.getYear() < 0 || date.getYear() > 9999) {
                day = Long.MIN_VALUE;
                return false;
            }
            digits(date.getYear(), 0, 4);
            text[4] = '-';
            digits(date.getMonthValue(), 5, 2);
            text[7] = '-';
            digits(date.getDayOfMonth(), 8, 2);
            text[10] = ' ';
            text[13] = ':';
            text[16] = ':';
            day = d;
        }
        int s = (int) Math.floorMod(local, 86_400);
        digits(s / 3600, 11, 2);
        digits(s / 60 % 60, 14, 2);
        digits(s % 60, 17, 2);
        return true;
    }

    /** The text {@link #write} wrote. */
    byte[] text() {
        return text;
    }

    private void digits(int value, int at, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
