package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileNames;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.Unistd;

/**
 * {@code file_size} and {@code size_change} of the events of one record at a time. The
 * interpreter says where the record's file is ({@link #at}): by its directory's handle and its
 * name, looked up relative to the open directory ({@link DirectoryFds}), or by path alone. A
 * file's records in one batch ask the kernel once, through the {@link SizeLookup}. Owned by the
 * reader thread.
 */
final class EventSizes {
    /** Slots of the batch memo, a power of two. */
    private static final int MEMO = 256;

    private final SizeTracker known = new SizeTracker(1 << 15);
    private final DirectoryFds directories;
    private final SizeLookup statx;
    private boolean skip;
    private boolean writtenLater;
    private HandleKey dir;
    private String name;
    private Long lastSize;
    private Long lastChange;
    /**
     * Sizes asked of the kernel in this batch, by path fingerprint (direct-mapped). Each size is
     * the file's size when the batch is interpreted, after all of the batch's events, so a file's
     * several records in one read (CREATE, CLOSE_WRITE, ATTRIB) ask the kernel once.
     */
    private final long[] memoKeys = new long[MEMO];
    private final long[] memoSizes = new long[MEMO];
    private final int[] memoBatch = new int[MEMO];
    private final byte[] nameBytes = new byte[FileStatus.PATH_MAX];
    private int batch = 1;

    EventSizes(DirectoryFds directories, SizeLookup statx) {
        this.directories = directories;
        this.statx = statx;
    }

    /**
     * The next events are about {@code name} in directory {@code dir} (either may be null: by path
     * then). {@code goneLater}: the name is deleted or renamed away later in the batch, so its size
     * now would be nothing, or a newer file's. {@code writtenLater}: the file is closed after
     * writing at this record or a later one of the batch, so its size now is what the write made
     * it, and belongs to the CLOSE_WRITE rather than to the CREATE.
     */
    void at(HandleKey dir, String name, boolean goneLater, boolean writtenLater) {
        this.dir = dir;
        this.name = name;
        this.skip = goneLater;
        this.writtenLater = writtenLater;
    }

    /** The next events are about a file known by path only. */
    void atPath() {
        at(null, null, false, false);
    }

    /**
     * Works out the sizes of an event of {@code type} about the file (not a directory) at
     * {@code path}; true when it has any, then read by {@link #size} and {@link #change}.
     */
    boolean measure(EventType type, String path) {
        lastSize = null;
        lastChange = null;
        switch (type) {
            case CREATE, MODIFY, CLOSE_WRITE, ATTRIB, MOVED_TO -> {
                if (!skip) {
                    long key = SizeTracker.fingerprint(path);
                    if (type == EventType.CREATE && writtenLater) {
                        // Read late, the size is the write's: `echo hello > f` shows CREATE without
                        // a size and CLOSE_WRITE +6 B, not CREATE +6 B and CLOSE_WRITE +0 B. A file
                        // created to be written was empty when created: the write counts from 0.
                        known.update(key, 0, true);
                        return false;
                    }
                    long s = sizeOf(path, key);
                    if (s >= 0) {
                        lastSize = s;
                        lastChange = known.update(key, s, type == EventType.CREATE);
                    }
                }
            }
            case DELETE -> lastChange = known.remove(path);
            default -> {
            }
        }
        return lastSize != null || lastChange != null;
    }

    /** {@code file_size} of the last {@link #measure}d event, or null. */
    Long size() {
        return lastSize;
    }

    /** {@code size_change} of the last {@link #measure}d event, or null. */
    Long change() {
        return lastChange;
    }

    /** Carries the known size over a rename. */
    void move(String from, String to) {
        known.move(from, to);
    }

    /** After each batch: the next batch may see the same file changed. */
    void batchDone() {
        batch++;
    }

    /** {@link SizeLookup#sizeAt} with the name's bytes in a buffer kept for it: this runs for most events. */
    private long sizeAt(int dirFd, String name) {
        int n = FileNames.toBytes(name, nameBytes);
        return n < 0 ? -1 : statx.sizeAt(dirFd, nameBytes, n); // n < 0: longer than any path can be
    }

    private long sizeOf(String path, long key) {
        int slot = (int) key & (MEMO - 1);
        if (memoBatch[slot] == batch && memoKeys[slot] == key) {
            return memoSizes[slot];
        }
        boolean named = dir != null && name != null && !name.isEmpty() && !name.equals(".");
        int fd = named ? directories.fdOf(dir) : -1;
        long size = fd >= 0 ? sizeAt(fd, name) : sizeAt(Unistd.AT_FDCWD, path);
        if (size < 0 && fd < 0 && named && (fd = directories.fdOf(dir)) >= 0) {
            // Not at its path: its directory may have been renamed since; the open directory knows.
            size = sizeAt(fd, name);
        }
        memoKeys[slot] = key;
        memoSizes[slot] = size;
        memoBatch[slot] = batch;
        return size;
    }
}
