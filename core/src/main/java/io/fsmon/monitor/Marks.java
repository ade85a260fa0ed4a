package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Fanotify;
import io.fsmon.linux.FileHandles;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.Unistd;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Places fanotify marks for the watched roots. A filesystem mark is preferred (one mark, nothing
 * to maintain), placed through the root's fd; where the kernel refuses one (EXDEV inside a btrfs
 * subvolume, EOPNOTSUPP on overlayfs) {@link DirectoryMarks} gives every directory an inode mark,
 * marks new directories the moment their CREATE is read, and counts those it cannot mark. Owned
 * by the reader thread after start.
 */
final class Marks implements Marking {
    /** Directories learned by one walk, at most; beyond it paths resolve through the kernel. */
    static final int WALK_LIMIT = 200_000;

    /** {@code fanotify_mark}: the edge through which every mark goes (tests inject failures). */
    @FunctionalInterface
    interface MarkCall {
        void mark(int fanFd, int flags, long mask, int dirFd, byte[] path) throws NativeException;
    }

    private final int fanFd;
    private final long mask;
    private final PathResolver resolver;
    /** Where each watched filesystem's mount fd goes, for the resolver's open_by_handle_at. */
    private final KernelHandles handles;
    private final MarkCall edge;
    private final Set<Long> filesystemMarked = new HashSet<>();
    /** Per-directory mode: its inode marks, and the directories it could not mark. */
    private final DirectoryMarks directories;
    /** Whether a start-up walk went past {@link #WALK_LIMIT}: directories beyond it are not known by handle. */
    private boolean walkCutShort;

    Marks(int fanFd, long mask, PathResolver resolver, KernelHandles handles, Scope scope) {
        this(fanFd, mask, resolver, handles, scope, Fanotify::mark);
    }

    Marks(int fanFd, long mask, PathResolver resolver, KernelHandles handles, Scope scope, MarkCall edge) {
        this.fanFd = fanFd;
        this.mask = mask;
        this.resolver = resolver;
        this.handles = handles;
        this.edge = edge;
        this.directories = new DirectoryMarks(fanFd, mask, scope, edge, this::learn);
    }

    /**
     * Marks one root and returns the lines that say how it is watched: the first says how, a second
     * (starting {@code NOT watching}) counts and names the directories that could not be marked.
     *
     * @throws MonitorException when the root cannot be watched at all
     */
    List<String> place(Scope.Root root, MonitorConfig.MarkMode mode) throws MonitorException {
        byte[] pathBytes = FileNames.toBytes(root.path());
        long fsid;
        String fsType;
        int dirFd;
        try {
            // The directory (a file root's parent) opened for reading, not O_PATH: it is the mount fd
            // of open_by_handle_at, which answers EBADF to an O_PATH fd on current kernels.
            byte[] dir = root.directory() ? pathBytes : FileNames.toBytes(parentOf(root.path()));
            dirFd = Unistd.open(dir, Unistd.O_RDONLY | Unistd.O_DIRECTORY | Fanotify.O_CLOEXEC);
            fsid = FileStatus.fsid(dirFd);
            fsType = Unistd.fsTypeName(Unistd.fstatfsType(dirFd));
            handles.addMountFd(fsid, dirFd);
        } catch (NativeException e) {
            throw new MonitorException(MonitorException.Reason.CANNOT_WATCH,
                    "cannot open " + root.path() + ": " + e.getMessage(), e);
        }
        String what = root.path() + (root.directory() ? (root.recursive() ? " (recursive)" : " (directory)") : " (file)");
        String refusal = null;
        if (mode != MonitorConfig.MarkMode.INODE) {
            if (filesystemMarked.contains(fsid)) {
                return List.of("watching " + what + " through the filesystem mark on " + fsType + " already placed");
            }
            try {
                // Through the fd just opened: the exact directory, whatever bytes its name has.
                edge.mark(fanFd, Fanotify.FAN_MARK_ADD | Fanotify.FAN_MARK_FILESYSTEM, mask, dirFd, null);
                filesystemMarked.add(fsid);
                return List.of("watching " + what + " through a filesystem mark on its " + fsType + " filesystem");
            } catch (NativeException e) {
                boolean fallback = e.errno() == NativeException.EXDEV || e.errno() == NativeException.EOPNOTSUPP
                        || e.errno() == NativeException.EINVAL;
                if (mode == MonitorConfig.MarkMode.FILESYSTEM || !fallback) {
                    throw new MonitorException(MonitorException.Reason.CANNOT_WATCH,
                            "cannot watch " + root.path() + " (" + fsType + "): " + e.getMessage(), e);
                }
                refusal = fsType + " refused a filesystem mark: " + NativeException.errnoName(e.errno());
            }
        }
        DirectoryMarks.Placed placed;
        try {
            placed = directories.place(root);
        } catch (NativeException e) {
            throw new MonitorException(MonitorException.Reason.CANNOT_WATCH,
                    "cannot watch " + root.path() + " (" + fsType + "): " + e.getMessage(), e);
        }
        String how = "watching " + what + " through " + placed.marks() + " inode mark" + (placed.marks() == 1 ? "" : "s")
                + (refusal == null ? " (as asked)" : " (" + refusal + ")");
        return placed.missed() == null ? List.of(how) : List.of(how, placed.missed());
    }

    /**
     * Adds FAN_OPEN_EXEC on the filesystem of {@code path} (the root: where executables live), so
     * every exec is seen for attribution even when the user watches another filesystem. A
     * filesystem mark where allowed, else a mount mark (overlayfs roots of containers).
     *
     * @return a line saying how, or null when the watched roots' marks already cover it
     */
    String placeExecMark(String path) {
        byte[] bytes = FileNames.toBytes(path);
        long fsid;
        try {
            // Not O_PATH: kernel 6.18 answers EBADF to open_by_handle_at with an O_PATH mount fd,
            // and executables' directories are resolved through it (they are never walked).
            int fd = Unistd.open(bytes, Unistd.O_RDONLY | Unistd.O_DIRECTORY | Fanotify.O_CLOEXEC);
            fsid = FileStatus.fsid(fd);
            handles.addMountFd(fsid, fd);
        } catch (NativeException e) {
            return "not watching execs (" + e.getMessage() + "): processes that exit quickly may stay unnamed";
        }
        if (filesystemMarked.contains(fsid)) {
            return null; // the filesystem mark already carries FAN_OPEN_EXEC
        }
        for (int kind : new int[] {Fanotify.FAN_MARK_FILESYSTEM, Fanotify.FAN_MARK_MOUNT}) {
            try {
                Fanotify.mark(fanFd, Fanotify.FAN_MARK_ADD | kind, Fanotify.FAN_OPEN_EXEC, Fanotify.AT_FDCWD, bytes);
                filesystemMarked.add(fsid); // its records are mostly out of scope, like a watched filesystem's
                return "watching execs on " + path + " through a " + (kind == Fanotify.FAN_MARK_MOUNT ? "mount" : "filesystem")
                        + " mark, to name processes that exit quickly";
            } catch (NativeException e) {
                // try the next kind
            }
        }
        return "not watching execs on " + path + ": processes that exit quickly may stay unnamed";
    }

    /** Learns (and in per-directory mode, marks) the directories of a tree; reports entries to {@code found}. */
    void learnTree(Scope.Root root) {
        if (!root.directory()) {
            learn(parentOf(root.path()));
            return;
        }
        if (!root.recursive()) {
            learn(root.path());
            return;
        }
        try {
            // Under a filesystem mark the walk only teaches the resolver handles: it ends at the limit.
            TreeWalk.walk(root.path(), new TreeWalk.Visitor() {
                private int learned;

                @Override
                public void directory(int fd, String path) {
                    if (learned++ < WALK_LIMIT) {
                        learn(fd, path);
                    } else {
                        walkCutShort = true;
                    }
                }

                @Override
                public boolean done() {
                    return walkCutShort;
                }
            });
        } catch (NativeException e) {
            // The tree vanished under us; what was walked stays learned.
        }
    }

    /**
     * A directory appeared at {@code path}: in per-directory mode mark it and what is inside (see
     * {@link DirectoryMarks#appeared}).
     */
    @Override
    public void directoryAppeared(String path, BiConsumer<String, Boolean> found) {
        directories.appeared(path, found);
    }

    /** Where directories that cannot be marked after start are said (the first few). */
    void warnAfterStart(Consumer<String> warnings) {
        directories.notMarked().sayFromNowOn(warnings);
    }

    /** Directories that could not be marked, at start and since, or null when none. */
    String notMarkedLine() {
        return directories.notMarked().line("in total");
    }

    long notMarkedCount() {
        return directories.notMarked().count();
    }

    void learn(String dir) {
        try {
            int fd = Unistd.open(FileNames.toBytes(dir), Fanotify.O_PATH | Fanotify.O_CLOEXEC);
            try {
                learn(fd, dir);
            } finally {
                Unistd.close(fd);
            }
        } catch (NativeException e) {
            // Gone: it will be resolved through the kernel if events name it.
        }
    }

    /** Tells the resolver the handle of the directory open as {@code fd} and its path. */
    void learn(int fd, String dir) {
        try {
            FileHandles.Handle h = FileHandles.nameToHandleAt(fd, new byte[0], FileHandles.AT_EMPTY_PATH);
            resolver.learn(new HandleKey(FileStatus.fsid(fd), h.bytes()), dir);
        } catch (NativeException e) {
            // Not encodable: it will be resolved through the kernel if events name it.
        }
    }

    static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    @Override
    public boolean walkCutShort() {
        return walkCutShort;
    }

    @Override
    public boolean isFilesystemMarked(long fsid) {
        return filesystemMarked.contains(fsid);
    }

}
