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
 */
public record FileEvent(Instant time, EventType type, String path, String oldPath, Actor actor,
                        Long fileSize, Long sizeChange) {

    /** A marker that the kernel dropped events. */
    public static FileEvent overflow(Instant time) {
        return new FileEvent(time, EventType.OVERFLOW, null, null, null, null, null);
    }
}
