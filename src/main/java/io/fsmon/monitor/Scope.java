package io.fsmon.monitor;

import java.util.List;

/**
 * Which paths the user asked for. A filesystem mark reports the whole filesystem; this decides in
 * user space what of it is shown.
 */
record Scope(List<Root> roots) {

    /** One watched path: a directory (recursive or not) or a single file. */
    record Root(String path, boolean directory, boolean recursive) {
        boolean contains(String p) {
            if (p.equals(path)) {
                return true;
            }
            if (!directory) {
                return false;
            }
            String prefix = path.equals("/") ? "/" : path + "/";
            if (!p.startsWith(prefix)) {
                return false;
            }
            // Non-recursive: the directory's direct children only.
            return recursive || p.indexOf('/', prefix.length()) < 0;
        }
    }

    boolean contains(String p) {
        if (p == null) {
            return false;
        }
        for (Root r : roots) {
            if (r.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a directory at {@code p} should get its own mark in per-directory mode. */
    boolean wantsDirectoryMark(String p) {
        for (Root r : roots) {
            if (r.directory && (r.recursive ? r.contains(p) : p.equals(r.path))) {
                return true;
            }
        }
        return false;
    }
}
