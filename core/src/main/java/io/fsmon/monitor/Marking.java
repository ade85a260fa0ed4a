package io.fsmon.monitor;

import java.util.function.BiConsumer;

/**
 * The marks as the record interpreter sees them: what it tells them (a directory appeared) and
 * what it asks (is a filesystem watched whole, is every watched directory known by handle).
 * {@link Marks} in production; tests give a record of calls, so the pipeline runs without root.
 */
interface Marking {

    /**
     * A directory appeared at {@code path} (created, or moved in): in per-directory mode it is
     * marked with everything already inside it, and each entry found inside is handed to
     * {@code found} (path, whether a directory), since no event told of it.
     */
    void directoryAppeared(String path, BiConsumer<String, Boolean> found);

    /** Whether filesystem {@code fsid} is watched whole (so most of it is out of scope). */
    boolean isFilesystemMarked(long fsid);

    /** Whether some directory of a watched tree was left out of the start-up walk's learning. */
    boolean walkCutShort();
}
