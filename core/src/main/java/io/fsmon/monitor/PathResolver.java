package io.fsmon.monitor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns directory handles from fanotify records into absolute paths.
 *
 * <p>Only directories are cached: a file's path changes with every rename of any ancestor, but
 * the directory cache is kept true by {@link #renamed}. Directories are learned three ways: a walk
 * of the watched trees at start, the events themselves (a new directory's own handle arrives with
 * its CREATE when the kernel reports target FIDs), and as a last resort {@code open_by_handle_at}
 * plus {@code /proc/self/fd} — which fails with ESTALE once the directory is gone, as it is for
 * most directories of an {@code rm -rf} by the time their files' DELETE events are read. The
 * kernel is reached only through its {@link HandleOpener}. Owned by the reader thread; not
 * thread-safe.
 */
final class PathResolver implements AutoCloseable {
    private final int capacity;
    private final LinkedHashMap<HandleKey, String> dirs;
    private final HandleOpener opener;
    /**
     * Directories kept open for size lookups by name; closed with the resolver. 1024: with 128, a
     * tree of 200 busy directories reopened one by handle for most events (5,393 open_by_handle_at
     * in the 20,000-file benchmark, 237 with 1024). The JVM raises its fd limit to the hard limit.
     */
    private final DirectoryFds directories;
    private long unresolved;
    /** Directories dropped from the cache to bound it: a watched one among them is no longer known by handle. */
    private long evicted;

    /** A resolver keeping at most {@code capacity} directories, opening handles through {@code opener} (owned from now on). */
    PathResolver(int capacity, HandleOpener opener) {
        this.capacity = capacity;
        this.opener = opener;
        this.directories = new DirectoryFds(1024, opener::openDirectory, opener::close);
        this.dirs = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<HandleKey, String> eldest) {
                if (size() > PathResolver.this.capacity) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    /** Remembers that the directory with handle {@code key} is at {@code path}. */
    void learn(HandleKey key, String path) {
        dirs.put(key, path);
    }

    /** Forgets a directory that was removed. */
    void forget(HandleKey key) {
        dirs.remove(key);
        directories.forget(key);
    }

    /** Directories open by handle, for looking files up by name. */
    DirectoryFds directories() {
        return directories;
    }

    /** Whether the resolver knows this directory without a syscall (used by tests and the scan). */
    boolean knows(HandleKey key) {
        return dirs.containsKey(key);
    }

    int size() {
        return dirs.size();
    }

    /**
     * Updates the cache after directory {@code key} moved from {@code oldPath} to {@code newPath}:
     * the directory itself and every cached directory below it. Linear in the cache, but directory
     * renames are rare next to file events.
     */
    void renamed(HandleKey key, String oldPath, String newPath) {
        if (key != null) {
            dirs.put(key, newPath);
        }
        String prefix = oldPath + "/";
        for (Iterator<Map.Entry<HandleKey, String>> it = dirs.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<HandleKey, String> e = it.next();
            if (e.getValue().startsWith(prefix)) {
                e.setValue(newPath + "/" + e.getValue().substring(prefix.length()));
            }
        }
    }

    /** The absolute path of directory {@code key}, or {@code null} (counted) when it cannot be known. */
    String dirPath(HandleKey key) {
        return resolve(key, true);
    }

    /** The path of any object by handle, through the kernel only (not cached); {@code null} if gone. */
    String objectPath(HandleKey key) {
        return resolve(key, false);
    }

    private String resolve(HandleKey key, boolean cache) {
        String p = dirs.get(key);
        if (p != null) {
            return p;
        }
        p = opener.path(key);
        if (p == null) {
            unresolved++;
        } else if (cache) {
            dirs.put(key, p);
        }
        return p;
    }

    /** Directories dropped from the bounded cache so far. */
    long evicted() {
        return evicted;
    }

    /** Paths that could not be resolved so far. */
    long unresolved() {
        return unresolved;
    }

    @Override
    public void close() {
        directories.close();
        opener.close();
    }
}
