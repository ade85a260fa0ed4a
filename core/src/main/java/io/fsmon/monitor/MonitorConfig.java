package io.fsmon.monitor;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What to watch and how.
 *
 * @param paths          files or directories to watch
 * @param recursive      watch whole trees under directories, not only their direct children
 * @param types          the event types to report
 * @param filter         the user's filter (excludes, sizes, actors); its types are not used here
 * @param markMode       how to place marks
 * @param unlimitedQueue ask the kernel for an unbounded event queue (no overflow, memory grows)
 * @param notRecursive   paths among {@code paths} watched without their subtrees even when {@code recursive}
 */
public record MonitorConfig(List<Path> paths, boolean recursive, Set<EventType> types, EventFilter filter,
                            MarkMode markMode, boolean unlimitedQueue, Set<Path> notRecursive) {

    /** How marks are placed. */
    public enum MarkMode {
        /** A filesystem mark where the filesystem allows it, else per-directory marks. */
        AUTO,
        /** Only filesystem marks; fail where one cannot be placed. */
        FILESYSTEM,
        /** Only per-directory (inode) marks, as on btrfs subvolumes or overlayfs. */
        INODE
    }

    public MonitorConfig {
        paths = List.copyOf(paths);
        types = Set.copyOf(types);
        notRecursive = notRecursive == null ? Set.of() : Set.copyOf(notRecursive);
    }

    /** The same recursion for every path. */
    public MonitorConfig(List<Path> paths, boolean recursive, Set<EventType> types, EventFilter filter,
                         MarkMode markMode, boolean unlimitedQueue) {
        this(paths, recursive, types, filter, markMode, unlimitedQueue, Set.of());
    }

    /** Whether the tree under {@code path} (one of {@link #paths}) is watched. */
    public boolean recursive(Path path) {
        return recursive && !notRecursive.contains(path);
    }
}
