package io.fsmon.event;

import java.time.Instant;

/**
 * One event: what happened, to which path, done by whom. Paths are in fsmon's lossless text form
 * ({@link FileNames}). Markers ({@link EventType#isMarker()}) have no path and no actor.
 *
 * @param time       when fsmon read the event from the kernel
 * @param type       what happened
 * @param path       the absolute path, or {@code null} for a marker or an unresolvable path
 * @param oldPath    for {@link EventType#MOVED_TO}: where the file was before the rename
 * @param actor      who did it, or {@code null} for a marker
 * @param fileSize   the file's size after the event, when known
 * @param sizeChange bytes gained (positive) or lost (negative) since the last size fsmon knew
 * @param since      markers: the start of the span in which events may be missing
 * @param until      markers: the end of that span
 * @param dropped    markers: how many events were lost, when known
 */
public record FileEvent(Instant time, EventType type, String path, String oldPath, Actor actor,
                        Long fileSize, Long sizeChange, Instant since, Instant until, Long dropped) {

    /** A file event (no marker fields). */
    public FileEvent(Instant time, EventType type, String path, String oldPath, Actor actor,
                     Long fileSize, Long sizeChange) {
        this(time, type, path, oldPath, actor, fileSize, sizeChange, null, null, null);
    }

    /** A marker that the kernel dropped events between {@code since} (the last read that was whole) and {@code time}. */
    public static FileEvent overflow(Instant time, Instant since) {
        return new FileEvent(time, EventType.OVERFLOW, null, null, null, null, null, since,
                since == null ? null : time, null);
    }

    /** A marker that the kernel dropped events, with no earlier read to bound the span. */
    public static FileEvent overflow(Instant time) {
        return overflow(time, null);
    }

    /** A marker that fsmon lost {@code dropped} events between {@code since} and {@code until}. */
    public static FileEvent gap(Instant time, Instant since, Instant until, long dropped) {
        return new FileEvent(time, EventType.GAP, null, null, null, null, null, since, until, dropped);
    }

    /**
     * A marker that nothing was watched between {@code since} and {@code until} (the daemon was
     * down, or a monitor died): how many events were missed is unknown, so it carries no count.
     */
    public static FileEvent unwatched(Instant since, Instant until) {
        return new FileEvent(until, EventType.GAP, null, null, null, null, null, since, until, null);
    }
}
