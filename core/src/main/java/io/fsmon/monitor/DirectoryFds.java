package io.fsmon.monitor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

/**
 * Open directories by handle, so that a file's size is looked up by name in its directory
 * ({@code statx(dirfd, name)}: one lookup) instead of by walking its whole path from {@code /}.
 *
 * <p>An {@code O_PATH} fd follows its directory through renames, so a rename needs no
 * invalidation, and the lookup finds the file even while the rename's own record is still unread
 * (a path would name the old place then). A removed directory's fd is closed by {@link #forget};
 * at most {@code capacity} fds are open, the least recently used is closed first. A directory is
 * opened on its second lookup only, so files spread one per directory cost no extra syscalls.
 * Owned by the reader thread.
 */
final class DirectoryFds implements AutoCloseable {
    /** Looked up once, not opened yet. */
    private static final int SEEN_ONCE = -1;
    /** Could not be opened (gone, or no mount fd for its filesystem): sizes go by path. */
    private static final int NOT_OPENABLE = -2;

    private final LinkedHashMap<HandleKey, Integer> fds;
    private final ToIntFunction<HandleKey> opener;
    private final IntConsumer closer;

    /**
     * @param opener opens a directory by handle as an fd the cache then owns, or returns -1
     * @param closer closes such an fd
     */
    DirectoryFds(int capacity, ToIntFunction<HandleKey> opener, IntConsumer closer) {
        this.opener = opener;
        this.closer = closer;
        this.fds = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<HandleKey, Integer> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                closeIfOpen(eldest.getValue());
                return true;
            }
        };
    }

    /** An open fd of directory {@code dir} (owned by this cache), or -1: look the file up by path. */
    int fdOf(HandleKey dir) {
        Integer fd = fds.get(dir);
        if (fd == null) {
            fds.put(dir, SEEN_ONCE);
            return -1;
        }
        if (fd == SEEN_ONCE) {
            int opened = opener.applyAsInt(dir);
            fds.put(dir, opened >= 0 ? opened : NOT_OPENABLE);
            return opened >= 0 ? opened : -1;
        }
        return fd >= 0 ? fd : -1;
    }

    /** Closes the fd of a removed directory. */
    void forget(HandleKey dir) {
        Integer fd = fds.remove(dir);
        if (fd != null) {
            closeIfOpen(fd);
        }
    }

    /** How many directories are open (tests). */
    int open() {
        return (int) fds.values().stream().filter(fd -> fd >= 0).count();
    }

    private void closeIfOpen(int fd) {
        if (fd >= 0) {
            closer.accept(fd);
        }
    }

    @Override
    public void close() {
        fds.values().forEach(this::closeIfOpen);
        fds.clear();
    }
}
