package io.fsmon.monitor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The full path a record names: its directory's path (from the {@link PathResolver}) plus its
 * name, or, for a record that carries only its file's handle, the path that handle last had.
 * Owned by the reader thread.
 */
final class RecordPaths {
    private final PathResolver resolver;
    /**
     * Where recently seen files were, by handle. A file's own events (MOVE_SELF, DELETE_SELF, the
     * ATTRIB of a link-count change) carry only its handle, and are usually read after the file is
     * gone, when the kernel can no longer open the handle. Bounded; refreshed by every record that
     * names a file both ways. A file is kept as its directory's path, the very string the
     * {@link PathResolver} holds, and its name, not as a path of its own: every file an
     * {@code rm -rf} deletes is named once, and in a 256-level tree each such path, 1,300 characters,
     * outlived the young generation and grew the heap by 14 MB (bench/run.sh --scenarios rmrf).
     */
    private final LinkedHashMap<HandleKey, Located> recentFiles = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<HandleKey, Located> eldest) {
            return size() > 4096;
        }
    };

    /**
     * The last files whose inode is gone (their DELETE_SELF was read), so that their DELETE, which
     * unlink(2) queues right after it, does not remember them again. A ring: a DELETE read later
     * than {@link #DEAD} other inodes' ends only keeps a file until the bound of
     * {@link #recentFiles} drops it, as before.
     */
    private static final int DEAD = 32;
    private final HandleKey[] dead = new HandleKey[DEAD];
    private int nextDead;

    /** The directory {@link #in} resolved last, and its path (reader thread only). */
    private HandleKey lastDir;
    private String lastDirPath;

    /**
     * A file's directory: its handle, its path (the string the resolver holds) and the file's name.
     * The handle lets a nameless record's size be asked of the open directory by name.
     */
    record Located(HandleKey dirKey, String dir, String name) {
    }

    RecordPaths(PathResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The path a non-rename record names: its directory plus name, the name the later record
     * {@code naming} gives its handle, or its own handle.
     */
    String of(RawRecord r, RawRecord naming) {
        if (r.dir() != null) {
            return in(r.dir(), r.name());
        }
        if (r.self() != null) {
            Located at = recentFiles.get(r.self());
            if (at != null) {
                return join(at.dir(), at.name());
            }
            // unlink(2) queues ATTRIB (link count) and DELETE_SELF, which name only the file's
            // handle, just before the DELETE that names it: the look-ahead found it (naming).
            if (naming != null) {
                return in(naming.dir(), naming.name());
            }
            return resolver.objectPath(r.self());
        }
        return null;
    }

    /** {@code name} in directory {@code dir} (the directory itself for "." or no name), or null. */
    String in(HandleKey dir, String name) {
        if (dir == null) {
            return null;
        }
        lastDir = dir;
        lastDirPath = resolver.dirPath(dir);
        return join(lastDirPath, name);
    }

    /**
     * The file with handle {@code self} is now {@code name} in directory {@code dir}. Called for
     * most file records, right after {@link #in} resolved the same directory: its path is taken
     * from there rather than looked up in the resolver a second time.
     */
    void remember(HandleKey self, HandleKey dir, String name) {
        String d = dir == null ? null : dir == lastDir ? lastDirPath : resolver.dirPath(dir);
        if (d != null) {
            recentFiles.put(self, new Located(dir, d, name));
        }
    }

    /** The characters of the paths kept, each string counted once (for tests). */
    long retainedChars() {
        Set<String> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long n = 0;
        for (Located at : recentFiles.values()) {
            for (String s : new String[] {at.dir(), at.name()}) {
                if (s != null && seen.add(s)) {
                    n += s.length();
                }
            }
        }
        return n;
    }

    /** Where the file with handle {@code self} was last seen, or null: what {@link #of} names it by first. */
    Located placeOf(HandleKey self) {
        return recentFiles.get(self);
    }

    /**
     * The file with handle {@code self} is gone for good (DELETE_SELF: no name is left and the
     * inode is freed), so no record can name it again: forgotten. Thousands of short-lived files
     * a second each stayed here until 4,096 newer ones pushed them out, long enough to outlive
     * the young generation and be promoted, only to die in the old one.
     */
    void gone(HandleKey self) {
        recentFiles.remove(self);
        dead[nextDead] = self;
        nextDead = (nextDead + 1) % DEAD;
    }

    /** Whether {@link #gone} was said of {@code self} lately. */
    boolean isGone(HandleKey self) {
        for (HandleKey k : dead) {
            if (self.equals(k)) {
                return true;
            }
        }
        return false;
    }

    /** How many files are kept by handle. */
    int remembered() {
        return recentFiles.size();
    }

    /** Whether a record naming only {@code self} can be given a path from the files seen before. */
    boolean knows(HandleKey self) {
        return recentFiles.containsKey(self);
    }

    private static String join(String dir, String name) {
        if (dir == null) {
            return null;
        }
        if (name == null || name.isEmpty() || name.equals(".")) {
            return dir;
        }
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }
}
