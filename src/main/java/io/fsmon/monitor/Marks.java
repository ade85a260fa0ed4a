package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Fanotify;
import io.fsmon.linux.FileHandles;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.Unistd;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Places fanotify marks for the watched roots and keeps per-directory marks complete as trees
 * grow. A filesystem mark is preferred (one mark, nothing to maintain); where the kernel refuses
 * one (EXDEV inside a btrfs subvolume, EOPNOTSUPP on overlayfs) every directory gets an inode mark
 * and new directories are marked the moment their CREATE is read. Owned by the reader thread
 * after start.
 */
final class Marks {
    /** Directories learned by the start-up walk, at most; beyond it paths resolve through the kernel. */
    static final int WALK_LIMIT = 200_000;

    private final int fanFd;
    private final long mask;
    private final PathResolver resolver;
    private final Scope scope;
    private final Set<Long> filesystemMarked = new HashSet<>();
    /** Roots watched through per-directory marks; only these need new directories marked. */
    private final List<Scope.Root> inodeRoots = new ArrayList<>();
    private int directoryMarks;

    Marks(int fanFd, long mask, PathResolver resolver, Scope scope) {
        this.fanFd = fanFd;
        this.mask = mask;
        this.resolver = resolver;
        this.scope = scope;
    }

    /**
     * Marks one root and returns the line that says how it is watched.
     *
     * @throws MonitorException when the root cannot be watched at all
     */
    String place(Scope.Root root, MonitorConfig.MarkMode mode) throws MonitorException {
        byte[] pathBytes = FileNames.toBytes(root.path());
        long fsid;
        String fsType;
        try {
            // The directory (a file root's parent) opened for reading, not O_PATH: it is the mount fd
            // of open_by_handle_at, which answers EBADF to an O_PATH fd on current kernels.
            byte[] dir = root.directory() ? pathBytes : FileNames.toBytes(parentOf(root.path()));
            int fd = Unistd.open(dir, Unistd.O_RDONLY | Unistd.O_DIRECTORY | Fanotify.O_CLOEXEC);
            fsid = FileStatus.fsid(fd);
            fsType = Unistd.fsTypeName(Unistd.fstatfsType(fd));
            resolver.addMountFd(fsid, fd);
        } catch (NativeException e) {
            throw new MonitorException(MonitorException.Reason.CANNOT_WATCH,
                    "cannot open " + root.path() + ": " + e.getMessage(), e);
        }
        String what = root.path() + (root.directory() ? (root.recursive() ? " (recursive)" : " (directory)") : " (file)");
        String refusal = null;
        if (mode != MonitorConfig.MarkMode.INODE) {
            if (filesystemMarked.contains(fsid)) {
                return "watching " + what + " through the filesystem mark on " + fsType + " already placed";
            }
            try {
                Fanotify.mark(fanFd, Fanotify.FAN_MARK_ADD | Fanotify.FAN_MARK_FILESYSTEM, mask,
                        Fanotify.AT_FDCWD, pathBytes);
                filesystemMarked.add(fsid);
                return "watching " + what + " through a filesystem mark on its " + fsType + " filesystem";
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
        }
        int placed = directoryMarks - before;
        return "watching " + what + " through " + placed + " inode mark" + (placed == 1 ? "" : "s")
                + (refusal == null ? " (as asked)" : " (" + refusal + ")");
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
            // The directory went away again before it could be marked: nothing inside to miss.
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
        walk(Path.of(root.path()), (dir, attrs) -> learn(dir), null);
    }

    private void markTree(String top, boolean recursive, BiConsumer<String, Boolean> found) throws NativeException {
        markInode(top, Fanotify.FAN_EVENT_ON_CHILD);
        if (!recursive) {
            return;
        }
        NativeException[] first = new NativeException[1];
        walk(Path.of(top), (dir, attrs) -> {
            if (!dir.equals(top)) {
                try {
                    markInode(dir, Fanotify.FAN_EVENT_ON_CHILD);
                } catch (NativeException e) {
                    first[0] = first[0] == null ? e : first[0];
                }
            }
            learn(dir);
        }, found);
    }

    private void markInode(String path, int extraMask) throws NativeException {
        Fanotify.mark(fanFd, Fanotify.FAN_MARK_ADD, (mask & ~Fanotify.FAN_FS_ERROR) | extraMask,
                Fanotify.AT_FDCWD, FileNames.toBytes(path));
        directoryMarks++;
    }

    private void learn(String dir) {
        try {
            FileHandles.Handle h = FileHandles.nameToHandleAt(Fanotify.AT_FDCWD, FileNames.toBytes(dir), 0);
            int fd = Unistd.open(FileNames.toBytes(dir), Fanotify.O_PATH | Fanotify.O_CLOEXEC);
            try {
                resolver.learn(new HandleKey(FileStatus.fsid(fd), h.bytes()), dir);
            } finally {
                Unistd.close(fd);
            }
        } catch (NativeException e) {
            // Gone or not encodable: it will be resolved through the kernel if events name it.
        }
    }

    private interface DirVisitor {
        void visit(String dir, BasicFileAttributes attrs);
    }

    /** Walks directories of one filesystem under {@code top}, up to {@link #WALK_LIMIT} of them. */
    private void walk(Path top, DirVisitor onDir, BiConsumer<String, Boolean> found) {
        int[] count = {0};
        try {
            Object topDev = Files.getAttribute(top, "unix:dev");
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(top) && !topDev.equals(Files.getAttribute(dir, "unix:dev"))) {
                        return FileVisitResult.SKIP_SUBTREE; // another filesystem mounted here
                    }
                    if (++count[0] > WALK_LIMIT) {
                        return FileVisitResult.TERMINATE;
                    }
                    onDir.visit(dir.toString(), attrs);
                    if (found != null && !dir.equals(top)) {
                        found.accept(dir.toString(), true);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (found != null) {
                        found.accept(file.toString(), false);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UnsupportedOperationException e) {
            // The tree vanished under us; what was walked stays learned.
        }
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
