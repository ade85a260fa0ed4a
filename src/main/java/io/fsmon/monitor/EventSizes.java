package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.event.FileNames;
import io.fsmon.linux.FileStatus;

/**
 * {@code file_size} and {@code size_change} of the events of one record at a time. The
 * interpreter says where the record's file is ({@link #at}): by its directory's handle and its
 * name, looked up relative to the open directory ({@link DirectoryFds}), or by path alone. One
 * kernel record merged from several events (CREATE, MODIFY, CLOSE_WRITE of a lagging reader) asks
 * the kernel once. Owned by the reader thread.
 */
final class EventSizes {
    private final SizeTracker known = new SizeTracker(1 << 15);
    private final DirectoryFds directories;
    private boolean skip;
    private HandleKey dir;
    private String name;
    private String memoPath;
    private long memoSize;

    EventSizes(DirectoryFds directories) {
        this.directories = directories;
    }

    /**
     * The next events are about {@code name} in directory {@code dir} (either may be null: by path
     * then). {@code goneLater}: the name is deleted or renamed away later in the batch, so its size
     * now would be nothing, or a newer file's.
     */
    void at(HandleKey dir, String name, boolean goneLater) {
        this.dir = dir;
        this.name = name;
        this.skip = goneLater;
        memoPath = null;
    }

    /** The next events are about a file known by path only. */
    void atPath() {
        at(null, null, false);
    }

    /** The event with its sizes, for a file (not a directory) with a path. */
    FileEvent withSizes(FileEvent e) {
        Long size = null;
        Long change = null;
        switch (e.type()) {
            case CREATE, MODIFY, CLOSE_WRITE, ATTRIB, MOVED_TO -> {
                long s = sizeOf(e.path());
                if (s >= 0) {
                    size = s;
                    change = known.update(e.path(), s, e.type() == EventType.CREATE);
                }
            }
            case DELETE -> change = known.remove(e.path());
            default -> {
            }
        }
        return size != null || change != null ? e.withSizes(size, change) : e;
    }

    /** Carries the known size over a rename. */
    void move(String from, String to) {
        known.move(from, to);
    }

    /** After each batch: the next batch may see the same file changed. */
    void batchDone() {
        memoPath = null;
    }

    private long sizeOf(String path) {
        if (skip) {
            return -1;
        }
        if (!path.equals(memoPath)) {
            boolean named = dir != null && name != null && !name.isEmpty() && !name.equals(".");
            int fd = named ? directories.fdOf(dir) : -1;
            memoSize = fd >= 0 ? FileStatus.sizeAt(fd, FileNames.toBytes(name)) : FileStatus.size(FileNames.toBytes(path));
            if (memoSize < 0 && fd < 0 && named && (fd = directories.fdOf(dir)) >= 0) {
                // Not at its path: its directory may have been renamed since; the open directory knows.
                memoSize = FileStatus.sizeAt(fd, FileNames.toBytes(name));
            }
            memoPath = path;
        }
        return memoSize;
    }
}
