package io.fsmon.event;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What happened to a file. The first fourteen are the kernel's fanotify events; {@link #OVERFLOW}
 * is a marker written when the kernel dropped events, so a reader knows the stream is incomplete.
 */
public enum EventType {
    ACCESS, MODIFY, ATTRIB, CLOSE_WRITE, CLOSE_NOWRITE, OPEN, OPEN_EXEC,
    CREATE, DELETE, DELETE_SELF, MOVED_FROM, MOVED_TO, MOVE_SELF, FS_ERROR,
    /** Marker: the kernel's queue overflowed and events were lost. */
    OVERFLOW,
    /** Marker: fsmon itself could not deliver events (a full disk, a slow subscriber). */
    GAP;

    /** The eight types reported when the user names none. */
    public static final Set<EventType> DEFAULTS = Collections.unmodifiableSet(EnumSet.of(
            CLOSE_WRITE, ATTRIB, CREATE, DELETE, DELETE_SELF, MOVED_FROM, MOVED_TO, MOVE_SELF));

    /** All fourteen file event types (markers excluded). */
    public static final Set<EventType> ALL = Collections.unmodifiableSet(EnumSet.range(ACCESS, FS_ERROR));

    /** True for markers, which describe the stream rather than a file. */
    public boolean isMarker() {
        return this == OVERFLOW || this == GAP;
    }

    /** Parses a type name, case-insensitive; empty when it names no type. */
    public static Optional<EventType> parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (EventType t : values()) {
            if (t.name().equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a comma list such as {@code "create,Delete"}; {@code all} stands for every file event type.
     *
     * @throws IllegalArgumentException naming the first unknown type
     */
    public static Set<EventType> parseList(String list) {
        EnumSet<EventType> out = EnumSet.noneOf(EventType.class);
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            if (part.trim().equalsIgnoreCase("all")) {
                out.addAll(ALL);
                continue;
            }
            out.add(parse(part).orElseThrow(() -> new IllegalArgumentException(
                    "unknown event type '" + part.trim() + "' (known: " + names() + ", all)")));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no event type given (known: " + names() + ", all)");
        }
        return out;
    }

    private static String names() {
        StringBuilder sb = new StringBuilder();
        for (EventType t : ALL) {
            sb.append(sb.isEmpty() ? "" : ",").append(t.name());
        }
        return sb.toString();
    }
}
