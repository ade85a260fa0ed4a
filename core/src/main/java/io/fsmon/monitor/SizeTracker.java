package io.fsmon.monitor;

/**
 * The last size fsmon knew per path, so {@code size_change} can say how much a change added or
 * removed. Owned by the reader thread.
 *
 * <p>Bounded, and without an object per path: paths are kept as 64-bit fingerprints in a
 * set-associative table of primitive arrays. A map of strings made every new file three objects
 * that outlived several young collections, reached the old generation and died there as the map
 * forgot them, so a burst of new files grew the monitor's heap. Here a full set forgets its least
 * recently used path; that path's next change has no size_change. Two paths confused by their
 * fingerprints would need a 64-bit collision among the few thousand paths of one set (below one
 * in 10^15 per lookup), and would cost one wrong size_change.
 */
final class SizeTracker {
    private static final int WAYS = 8;
    private static final long EMPTY = 0;

    private final long[] keys;
    private final long[] sizes;
    private final long[] used;
    private final int setMask;
    private long clock;

    /** At least {@code capacity} paths (rounded up to a power of two, at least one set). */
    SizeTracker(int capacity) {
        int sets = Integer.highestOneBit(Math.max(1, (capacity + WAYS - 1) / WAYS - 1)) << 1;
        keys = new long[sets * WAYS];
        sizes = new long[sets * WAYS];
        used = new long[sets * WAYS];
        setMask = sets - 1;
    }

    /** Records {@code size} for {@code path}; returns the change from the last known size, or null. */
    Long update(String path, long size, boolean created) {
        return update(fingerprint(path), size, created);
    }

    /** {@link #update(String, long, boolean)} for a path's {@link #fingerprint}. */
    Long update(long key, long size, boolean created) {
        int slot = find(key);
        if (slot >= 0) {
            long before = sizes[slot];
            sizes[slot] = size;
            used[slot] = ++clock;
            return size - before;
        }
        put(key, size);
        return created ? size : null;
    }

    /** Forgets a deleted path; returns minus its last known size, or null. */
    Long remove(String path) {
        int slot = find(fingerprint(path));
        if (slot < 0) {
            return null;
        }
        keys[slot] = EMPTY;
        return -sizes[slot];
    }

    /** Carries the known size over a rename. */
    void move(String from, String to) {
        int slot = find(fingerprint(from));
        if (slot >= 0) {
            keys[slot] = EMPTY;
            long size = sizes[slot];
            long key = fingerprint(to);
            int there = find(key);
            if (there >= 0) {
                sizes[there] = size;
                used[there] = ++clock;
            } else {
                put(key, size);
            }
        }
    }

    private int find(long key) {
        int base = setOf(key);
        for (int i = base; i < base + WAYS; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** Into a free way of the key's set, else over the set's least recently used path. */
    private void put(long key, long size) {
        int base = setOf(key);
        int victim = base;
        for (int i = base; i < base + WAYS; i++) {
            if (keys[i] == EMPTY) {
                victim = i;
                break;
            }
            if (used[i] < used[victim]) {
                victim = i;
            }
        }
        keys[victim] = key;
        sizes[victim] = size;
        used[victim] = ++clock;
    }

    private int setOf(long key) {
        return ((int) (key >>> 32) & setMask) * WAYS;
    }

    /** FNV-1a over the UTF-16 units, then a 64-bit finaliser (murmur3's); never {@link #EMPTY}. */
    static long fingerprint(String path) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < path.length(); i++) {
            h = (h ^ path.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == EMPTY ? 1 : h;
    }
}
