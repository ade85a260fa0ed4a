package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Unistd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * The config's paths, resolved to real absolute paths in {@link FileNames}' text form; each must
     * exist. A path is tried as given first; when no such file exists and it contains {@code \}
     * escapes, it is read in the text form fsmon prints ({@code \xNN} for a byte that is not
     * UTF-8, {@code \\} for a backslash), so a path copied from fsmon's output can be watched.
     * The real path is the kernel's ({@code /proc/self/fd}), as bytes: never decoded on the way.
     */
    static Scope of(MonitorConfig config) throws MonitorException {
        List<Root> roots = new ArrayList<>();
        for (Path p : config.paths()) {
            roots.add(resolve(p.toString(), config.recursive(p)));
        }
        if (roots.isEmpty()) {
            throw new MonitorException(MonitorException.Reason.PATH_NOT_FOUND, "no path to watch");
        }
        return new Scope(List.copyOf(roots));
    }

    private static Root resolve(String given, boolean recursive) throws MonitorException {
        byte[] literal = (given.isEmpty() ? "." : given).getBytes(StandardCharsets.UTF_8);
        try {
            return open(literal, recursive);
        } catch (NativeException e) {
            byte[] decoded = FileNames.toBytes(given);
            if (e.errno() == NativeException.ENOENT && !Arrays.equals(decoded, literal)) {
                try {
                    return open(decoded, recursive);
                } catch (NativeException again) {
                    e = again;
                }
            }
            if (e.errno() == NativeException.ENOENT) {
                throw new MonitorException(MonitorException.Reason.PATH_NOT_FOUND, "no such file or directory: " + given);
            }
            throw new MonitorException(MonitorException.Reason.PATH_NOT_FOUND, "cannot access " + given + ": "
                    + NativeException.errnoName(e.errno()) + " (" + NativeException.errnoDescription(e.errno()) + ")");
        }
    }

    /** The root at {@code bytes}, symlinks followed, named by the kernel's path of what was opened. */
    private static Root open(byte[] bytes, boolean recursive) throws NativeException {
        boolean dir = true;
        int fd;
        try {
            fd = Unistd.open(bytes, Unistd.O_PATH | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        } catch (NativeException e) {
            if (e.errno() != NativeException.ENOTDIR) {
                throw e;
            }
            dir = false;
            fd = Unistd.open(bytes, Unistd.O_PATH | Unistd.O_CLOEXEC);
        }
        try {
            return new Root(FileNames.fromBytes(Unistd.fdPath(fd)), dir, dir && recursive);
        } finally {
            Unistd.close(fd);
        }
    }

    /** Says which filesystems mounted inside a recursively watched tree its marks do not cover. */
    void sayWhatIsNotWatched(Consumer<String> diagnostics) {
        List<Mounts.Mount> mounts = null;
        for (Root root : roots) {
            if (!root.recursive()) {
                continue;
            }
            mounts = mounts != null ? mounts : Mounts.current();
            List<String> other = Mounts.otherFilesystemsBelow(mounts, root.path());
            if (!other.isEmpty()) {
                String list = String.join(", ", other.subList(0, Math.min(6, other.size())))
                        + (other.size() > 6 ? " and " + (other.size() - 6) + " more" : "");
                diagnostics.accept("not watching " + other.size() + " filesystem" + (other.size() == 1 ? "" : "s")
                        + " mounted inside " + root.path() + ": " + list + " (name a mount point to watch it)");
            }
        }
    }
}
