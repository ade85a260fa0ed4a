package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Fanotify;
import io.fsmon.linux.FileHandles;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.Unistd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Places fanotify marks for the watched roots and keeps per-directory marks complete as trees
 * grow. A filesystem mark is preferred (one mark, nothing to maintain); where the kernel refuses
 * one (EXDEV inside a btrfs subvolume, EOPNOTSUPP on overlayfs) every directory gets an inode mark
 * and new directories are marked the moment their CREATE is read. Owned by the reader thread
 * after start.
 */
final class Marks {
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
    private final Scope scope;
    private final MarkCall edge;
    private final Set<Long> filesystemMarked = new HashSet<>();
    /** Roots watched through per-directory marks; only these need new directories marked. */
    private final List<Scope.Root> inodeRoots = new ArrayList<>();
    /** Every directory not marked, at start and since: for status. */
    private final NotMarked notMarked = new NotMarked();
    /** Said as new directories fail to be marked after start, the first few. */
    private Consumer<String> warnings = line -> { };
    /** Directories of the root being placed that could not be marked; null after start. */
    private NotMarked placing;
    /** Directories missed after start that were said through {@link #warnings}. */
    private int saidLive;
    private int directoryMarks;

    Marks(int fanFd, long mask, PathResolver resolver, Scope scope) {
        this(fanFd, mask, resolver, scope, Fanotify::mark);
    }

    Marks(int fanFd, long mask, PathResolver resolver, Scope scope, MarkCall edge) {
        this.fanFd = fanFd;
        this.mask = mask;
        this.resolver = resolver;
        this.scope = scope;
        this.edge = edge;
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
            resolver.addMountFd(fsid, dirFd);
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
        int before = directoryMarks;
        NotMarked here = new NotMarked();
        placing = here;
        try {
            if (root.directory()) {
                inodeRoots.add(root);
                markTree(root.path(), root.recursive(), null);
            } else {
                markInode(root.path(), 0);
                String parent = parentOf(root.path());
                markInode(parent, Fanotify.FAN_EVENT_ON_CHILD);
            }
        } catch (NativeException e) {
            throw new MonitorException(MonitorException.Reason.CANNOT_WATCH,
                    "cannot watch " + root.path() + " (" + fsType + "): " + e.getMessage(), e);
        } finally {
            placing = null;
        }
        int placed = directoryMarks - before;
        String how = "watching " + what + " through " + placed + " inode mark" + (placed == 1 ? "" : "s")
                + (refusal == null ? " (as asked)" : " (" + refusal + ")");
        String missed = here.line("under " + root.path());
        return missed == null ? List.of(how) : List.of(how, missed);
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
            resolver.addMountFd(fsid, fd);
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

    /**
     * A directory appeared at {@code path}: in per-directory mode mark it and everything already
     * inside it, and hand every entry found inside to {@code found} — those were created before the
     * mark could see them ({@code mkdir -p a/b/c && touch a/b/c/f}).
     */
    void directoryAppeared(String path, BiConsumer<String, Boolean> found) {
        if (inodeRoots.isEmpty() || !scope.wantsDirectoryMark(path)) {
            return;
        }
        boolean recursive = inodeRoots.stream().anyMatch(r -> r.recursive() && r.contains(path));
        if (!recursive) {
            return;
        }
        try {
            markTree(path, true, found);
        } catch (NativeException e) {
            if (e.errno() != NativeException.ENOENT && e.errno() != NativeException.ENOTDIR) {
                miss(path, e);
            } // else gone again before it could be marked: nothing inside to miss
        }
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
        int[] learned = {0};
        try {
            TreeWalk.walk(root.path(), new TreeWalk.Visitor() {
                @Override
                public void directory(int fd, String path) {
                    if (learned[0]++ < WALK_LIMIT) {
                        learn(fd, path);
                    }
                }

                @Override
                public void failed(String path, NativeException e) {
                }

                @Override
                public void file(String path) {
                }
            });
        } catch (NativeException e) {
            // The tree vanished under us; what was walked stays learned.
        }
    }

    /**
     * Marks {@code top} and, when {@code recursive}, every directory below it on its filesystem, each
     * through its own fd: a directory that cannot be marked is counted in {@link #notMarked()}.
     *
     * @throws NativeException when {@code top} itself cannot be opened or marked
     */
    private void markTree(String top, boolean recursive, BiConsumer<String, Boolean> found) throws NativeException {
        if (!recursive) {
            int fd = Unistd.open(FileNames.toBytes(top), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
            try {
                markDirectory(fd);
                learn(fd, top);
            } finally {
                Unistd.close(fd);
            }
            return;
        }
        NativeException[] topFailure = new NativeException[1];
        int[] walked = {0};
        TreeWalk.walk(top, new TreeWalk.Visitor() {
            @Override
            public void directory(int fd, String path) {
                boolean isTop = walked[0]++ == 0;
                try {
                    markDirectory(fd);
                } catch (NativeException e) {
                    if (isTop) {
                        topFailure[0] = e;
                    } else {
                        miss(path, e);
                    }
                }
                if (walked[0] <= WALK_LIMIT) {
                    learn(fd, path);
                }
                if (found != null && !isTop) {
                    found.accept(path, true);
                }
            }

            @Override
            public void failed(String path, NativeException e) {
                miss(path, e);
            }

            @Override
            public void file(String path) {
                if (found != null) {
                    found.accept(path, false);
                }
            }
        });
        if (topFailure[0] != null) {
            throw topFailure[0];
        }
    }

    /** An inode mark on the directory open as {@code fd}: a NULL path marks the fd's own inode. */
    private void markDirectory(int fd) throws NativeException {
        edge.mark(fanFd, Fanotify.FAN_MARK_ADD, (mask & ~Fanotify.FAN_FS_ERROR) | Fanotify.FAN_EVENT_ON_CHILD, fd, null);
        directoryMarks++;
    }

    /** An inode mark on the file or directory at {@code path} (text form, exact bytes). */
    private void markInode(String path, int extraMask) throws NativeException {
        edge.mark(fanFd, Fanotify.FAN_MARK_ADD, (mask & ~Fanotify.FAN_FS_ERROR) | extraMask,
                Fanotify.AT_FDCWD, FileNames.toBytes(path));
        directoryMarks++;
    }

    private void learn(String dir) {
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
    private void learn(int fd, String dir) {
        try {
            FileHandles.Handle h = FileHandles.nameToHandleAt(fd, new byte[0], FileHandles.AT_EMPTY_PATH);
            resolver.learn(new HandleKey(FileStatus.fsid(fd), h.bytes()), dir);
        } catch (NativeException e) {
            // Not encodable: it will be resolved through the kernel if events name it.
        }
    }

    /** Counts a directory that could not be marked; after start, says the first few as they come. */
    private void miss(String path, NativeException e) {
        String reason = notMarked.add(path, e);
        if (placing != null) {
            placing.add(path, e);
        } else if (saidLive < NotMarked.NAMED) {
            saidLive++;
            warnings.accept("NOT watching new directory " + path + " (" + reason + ")"
                    + (saidLive == NotMarked.NAMED ? "; further ones are only counted (fsmon status)" : ""));
        }
    }

    /** Where directories that cannot be marked after start are said (the first few). */
    void warnAfterStart(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Directories that could not be marked, at start and since, or null when none. */
    String notMarkedLine() {
        return notMarked.line("in total");
    }

    long notMarkedCount() {
        return notMarked.count();
    }

    static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    /** Whether filesystem {@code fsid} is watched whole (so most of it is out of scope). */
    boolean isFilesystemMarked(long fsid) {
        return filesystemMarked.contains(fsid);
    }

    int directoryMarks() {
        return directoryMarks;
    }
}
