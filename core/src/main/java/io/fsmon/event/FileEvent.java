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

    /**
     * A file event (no marker fields).
     *
     * @param time       when fsmon read the event from the kernel
     * @param type       what happened
     * @param path       the absolute path, or {@code null} when unresolvable
     * @param oldPath    for a rename: where the file was before, or {@code null}
     * @param actor      who did it
     * @param fileSize   the file's size after the event, or {@code null}
     * @param sizeChange bytes gained or lost since the last known size, or {@code null}
     */
    public FileEvent(Instant time, EventType type, String path, String oldPath, Actor actor,
                     Long fileSize, Long sizeChange) {
        this(time, type, path, oldPath, actor, fileSize, sizeChange, null, null, null);
    }

    /**
     * A marker that the kernel dropped events between {@code since} (the last read that was whole) and {@code time}.
     *
     * @param time  when the overflow was read
     * @param since the last read that was whole, or {@code null} when there was none
     * @return the marker
     */
    public static FileEvent overflow(Instant time, Instant since) {
        return new FileEvent(time, EventType.OVERFLOW, null, null, null, null, null, since,
                since == null ? null : time, null);
    }

    /**
     * A marker that the kernel dropped events, with no earlier read to bound the span.
     *
     * @param time when the overflow was read
     * @return the marker
     */
    public static FileEvent overflow(Instant time) {
        return overflow(time, null);
    }

    /**
     * A marker that fsmon lost {@code dropped} events between {@code since} and {@code until}.
     *
     * @param time    when the marker was made
     * @param since   the time of the first event lost
     * @param until   the time of the last event lost
     * @param dropped how many were lost
     * @return the marker
     */
    public static FileEvent gap(Instant time, Instant since, Instant until, long dropped) {
        return new FileEvent(time, EventType.GAP, null, null, null, null, null, since, until, dropped);
    }

    /**
     * A marker that nothing was watched between {@code since} and {@code until} (the daemon was
     * down, or a monitor died): how many events were missed is unknown, so it carries no count.
     *
     * @param since when watching stopped
     * @param until when it resumed (also the marker's time)
     * @return the marker
     */
    public static FileEvent unwatched(Instant since, Instant until) {
        return new FileEvent(until, EventType.GAP, null, null, null, null, null, since, until, null);
    }
}
