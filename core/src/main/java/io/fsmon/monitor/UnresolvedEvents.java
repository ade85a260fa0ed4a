package io.fsmon.monitor;

import io.fsmon.event.EventType;

import java.util.function.Consumer;

/**
 * Events whose path could not be resolved: counted; shown without a path where every record
 * comes from a watched directory (per-directory marks); else dropped, and said
 * ({@link UnresolvedNotice}) when the directory may have been a watched one. Owned by the reader
 * thread.
 */
final class UnresolvedEvents {
    private final Marking marks;
    private final PathResolver resolver;
    /** Whether a new directory's own handle comes with its CREATE (FAN_REPORT_TARGET_FID). */
    private final boolean learnsNewDirectories;
    private final UnresolvedNotice notice;
    private long count;

    UnresolvedEvents(Marking marks, PathResolver resolver, boolean learnsNewDirectories, Consumer<String> diagnostics) {
        this.marks = marks;
        this.resolver = resolver;
        this.learnsNewDirectories = learnsNewDirectories;
        this.notice = new UnresolvedNotice(diagnostics);
    }

    /**
     * Counts an event of {@code r} without a path, and says whether it is shown so. Under a
     * filesystem mark most of the filesystem is outside the watched paths, so such an event is only
     * counted; under per-directory marks every event comes from a watched directory, so it is shown.
     */
    boolean counted(RawRecord r) {
        count++;
        HandleKey any = r.dir() != null ? r.dir() : r.self() != null ? r.self() : r.newDir();
        return any != null && !marks.isFilesystemMarked(any.fsid());
    }

    /**
     * An event of {@code type} by {@code pid}, named {@code name} in directory {@code dir} that
     * could not be named, is not shown: said when that directory may have been a watched one.
     */
    void dropped(EventType type, int pid, HandleKey dir, String name) {
        if (dir != null && mayBeInScope()) {
            notice.dropped(type, pid, name);
        }
    }

    /**
     * Whether a directory that could not be named may still have been a watched one. Every watched
     * directory is known by handle (the start-up walk, each new directory's CREATE, each rename),
     * so under a filesystem mark one that is not known and is gone was elsewhere on the
     * filesystem: counted, not said. That holds only while the knowledge is whole: not once the
     * bounded cache has dropped directories, a walk stopped at its limit, or a kernel without
     * target FIDs leaves new directories to be found through handles that die with them.
     */
    private boolean mayBeInScope() {
        return resolver.evicted() > 0 || marks.walkCutShort() || !learnsNewDirectories;
    }

    /** Events without a path so far, shown or not. */
    long count() {
        return count;
    }
}
