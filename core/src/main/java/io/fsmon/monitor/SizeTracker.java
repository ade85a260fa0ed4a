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

    /** Sets the table starts with (4,096 paths, 96 KB): most monitors never need more. */
    private static final int INITIAL_SETS = 512;

    private long[] keys;
    private long[] sizes;
    private long[] used;
    private int setMask;
    private final int maxSets;
    private long clock;

    /** At least {@code capacity} paths (rounded up to a power of two, at least one set). */
    SizeTracker(int capacity) {
        this(capacity, INITIAL_SETS * WAYS);
    }

    /**
     * At least {@code capacity} paths, in a table that starts with room for {@code initial} and
     * doubles whenever a path would otherwise push another out of a full set, up to
     * {@code capacity}: what it keeps and forgets is what a table made at full size would, while
     * a monitor of a few busy files does not zero and keep 768 KB of arrays in the old generation.
     */
    SizeTracker(int capacity, int initial) {
        maxSets = sets(capacity);
        allocate(Math.min(maxSets, sets(initial)));
    }

    private static int sets(int capacity) {
        return Integer.highestOneBit(Math.max(1, (capacity + WAYS - 1) / WAYS - 1)) << 1;
    }

    private void allocate(int sets) {
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

    /**
     * Into a free way of the key's set, else, once the table is at its full size, over the set's
     * least recently used path; below it, the table grows first.
     */
    private void put(long key, long size) {
        int victim = freeWay(key);
        while (victim < 0 && setMask + 1 < maxSets) {
            grow();
            victim = freeWay(key);
        }
        if (victim < 0) {
            int base = setOf(key);
            victim = base;
            for (int i = base + 1; i < base + WAYS; i++) {
                if (used[i] < used[victim]) {
                    victim = i;
                }
            }
        }
        keys[victim] = key;
        sizes[victim] = size;
        used[victim] = ++clock;
    }

    private int freeWay(long key) {
        int base = setOf(key);
        for (int i = base; i < base + WAYS; i++) {
            if (keys[i] == EMPTY) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Doubles the sets; each path moves to the set its next key bit says, with its size and its
     * recency. A set of the doubled table takes the paths of one old set only, so none is lost.
     */
    private void grow() {
        long[] k = keys, sz = sizes, u = used;
        allocate((setMask + 1) * 2);
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY) {
                int slot = freeWay(k[i]);
                keys[slot] = k[i];
                sizes[slot] = sz[i];
                used[slot] = u[i];
            }
        }
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
