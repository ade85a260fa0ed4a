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
            // p starts with path + "/", tested without building that string: this runs for every event.
            int after = path.length() == 1 ? 1 : path.length() + 1; // "/" is its own prefix
            if (p.length() <= after - 1 || p.charAt(after - 1) != '/' || !p.startsWith(path)) {
                return false;
            }
            // Non-recursive: the directory's direct children only.
            return recursive || p.indexOf('/', after) < 0;
        }
    }

    boolean contains(String p) {
        if (p == null) {
            return false;
        }
        for (int i = 0; i < roots.size(); i++) { // no Iterator: C1 allocates one per call
            if (roots.get(i).contains(p)) {
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
