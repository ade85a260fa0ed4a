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
    /** A file was read. */
    ACCESS,
    /** A file was written (each write; {@link #CLOSE_WRITE} sums them up). */
    MODIFY,
    /** Metadata changed: permissions, owner, times, extended attributes, link count. */
    ATTRIB,
    /** A file opened for writing was closed: the usual "this file was changed". */
    CLOSE_WRITE,
    /** A file opened read-only was closed. */
    CLOSE_NOWRITE,
    /** A file or directory was opened. */
    OPEN,
    /** A file was opened to be executed. */
    OPEN_EXEC,
    /** A file or directory was created in a watched directory. */
    CREATE,
    /** A file or directory was deleted from a watched directory. */
    DELETE,
    /** A watched file or directory itself was deleted. */
    DELETE_SELF,
    /** A file was renamed away from this path (paired with {@link #MOVED_TO} where the kernel tells). */
    MOVED_FROM,
    /** A file was renamed to this path; {@link FileEvent#oldPath()} says from where, when known. */
    MOVED_TO,
    /** A watched file or directory itself was moved. */
    MOVE_SELF,
    /** The filesystem reported an error (Linux 5.16 or later, filesystem marks). */
    FS_ERROR,
    /** Marker: the kernel's queue overflowed and events were lost. */
    OVERFLOW,
    /** Marker: fsmon itself could not deliver events (a full disk, a slow subscriber). */
    GAP;

    /** The eight types reported when the user names none. */
    public static final Set<EventType> DEFAULTS = Collections.unmodifiableSet(EnumSet.of(
            CLOSE_WRITE, ATTRIB, CREATE, DELETE, DELETE_SELF, MOVED_FROM, MOVED_TO, MOVE_SELF));

    /** All fourteen file event types (markers excluded). */
    public static final Set<EventType> ALL = Collections.unmodifiableSet(EnumSet.range(ACCESS, FS_ERROR));

    /**
     * Whether this is a marker, which describes the stream rather than a file.
     *
     * @return true for {@link #OVERFLOW} and {@link #GAP}
     */
    public boolean isMarker() {
        return this == OVERFLOW || this == GAP;
    }

    /**
     * Parses a type name, case-insensitive.
     *
     * @param name a type's name, such as {@code close_write}
     * @return the type, or empty when it names none
     */
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
     * @param list the names, separated by commas
     * @return the types named
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
