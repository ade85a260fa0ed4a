package io.fsmon.fleet;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shipped line's id, {@code HOST:EPOCH:FILE:OFFSET} or {@code HOST:EPOCH:FILE:OFFSET:gap} (a GAP
 * marker the shipper made before the line at that offset): within one epoch of a host's history,
 * ids grow in the order it ships them. A new epoch (the history was deleted and started again)
 * starts again at small files and offsets. Ids shipped before epochs ({@code HOST:FILE:OFFSET})
 * parse with a null epoch.
 *
 * @param epoch  the host's history epoch (16 hex digits), or null
 * @param day    the day of the daemon's history file, {@code events-DAY-NNN}
 * @param seq    its sequence number
 * @param offset the line's byte offset in it
 * @param gap    a marker that comes before the line at the same offset
 */
record ShipId(String host, String epoch, String day, int seq, long offset, boolean gap) implements Comparable<ShipId> {
    private static final Pattern ID = Pattern.compile(
            "(.+?)(?::([0-9a-f]{16}))?:events-(\\d{4}-\\d{2}-\\d{2})-(\\d{3,}):(\\d+)(:gap)?");
    private static final Pattern FIELD = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** Parses an id; null when it is not one. */
    static ShipId parse(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            return null;
        }
        try {
            return new ShipId(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)),
                    Long.parseLong(m.group(5)), m.group(6) != null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The id in a line of a central history, or null. */
    static ShipId find(String line) {
        Matcher m = FIELD.matcher(line);
        ShipId id = null;
        while (m.find()) {
            id = parse(m.group(1)); // the last "id" field: the one the shipper appended
        }
        return id;
    }

    /** The epoch as the collector's list of a host's epochs names it: {@code -} for none. */
    String epochKey() {
        return epoch == null ? "-" : epoch;
    }

    /** The order of shipping, for two ids of the same epoch. */
    @Override
    public int compareTo(ShipId o) {
        int c = day.compareTo(o.day);
        if (c == 0) {
            c = Integer.compare(seq, o.seq);
        }
        if (c == 0) {
            c = Long.compare(offset, o.offset);
        }
        if (c == 0) {
            c = Boolean.compare(!gap, !o.gap);
        }
        return c;
    }
}
