package io.fsmon.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full path a record names: its directory's path (from the {@link PathResolver}) plus its
 * name, or, for a record that carries only its file's handle, the path that handle last had.
 * Owned by the reader thread.
 */
final class RecordPaths {
    private final PathResolver resolver;
    /**
     * Paths of recently seen files by handle. A file's own events (MOVE_SELF, DELETE_SELF, the
     * ATTRIB of a link-count change) carry only its handle, and are usually read after the file is
     * gone, when the kernel can no longer open the handle. Bounded; refreshed by every record that
     * names a file both ways.
     */
    private final LinkedHashMap<HandleKey, String> recentFiles = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<HandleKey, String> eldest) {
            return size() > 4096;
        }
    };

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
            String p = recentFiles.get(r.self());
            if (p != null) {
                return p;
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
        return dir == null ? null : join(resolver.dirPath(dir), name);
    }

    /** The file with handle {@code self} is now at {@code path}. */
    void remember(HandleKey self, String path) {
        recentFiles.put(self, path);
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
