package io.fsmon.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last size fsmon knew per path, so {@code size_change} can say how much a change added or
 * removed. Bounded (least recently used paths are forgotten; their next change has no
 * size_change). Owned by the reader thread.
 */
final class SizeTracker {
    private final LinkedHashMap<String, Long> sizes;

    SizeTracker(int capacity) {
        this.sizes = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code size} for {@code path}; returns the change from the last known size, or null. */
    Long update(String path, long size, boolean created) {
        Long before = sizes.put(path, size);
        if (before == null) {
            return created ? size : null;
        }
        return size - before;
    }

    /** Forgets a deleted path; returns minus its last known size, or null. */
    Long remove(String path) {
        Long before = sizes.remove(path);
        return before == null ? null : -before;
    }

    /** Carries the known size over a rename. */
    void move(String from, String to) {
        Long s = sizes.remove(from);
        if (s != null) {
            sizes.put(to, s);
        }
    }

    /** Primes the size of a file seen at start, without reporting a change. */
    void prime(String path, long size) {
        sizes.put(path, size);
    }
}
