package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Directories;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Unistd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks the directories of one filesystem under a top directory by file descriptor: each directory
 * is opened with {@code openat} on its parent's fd and the name's exact bytes, and listed with
 * {@code getdents64}. No name ever goes through a text form on the way to the kernel, so names that
 * are not UTF-8, or that contain a backslash, {@code \x2d} or a newline, are walked like any other;
 * the paths handed to the visitor are in {@link FileNames}' lossless text form.
 *
 * <p>Depth-first with an explicit stack: one open fd per level of the current branch.
 */
final class TreeWalk {
    private static final int DIR_FLAGS = Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_NOFOLLOW | Unistd.O_CLOEXEC;

    /** What a walk reports. */
    @FunctionalInterface
    interface Visitor {
        /** A directory, open as {@code fd} for the duration of the call only. */
        void directory(int fd, String path);

        /** A directory that could not be opened or listed: nothing under it was walked. */
        default void failed(String path, NativeException e) {
        }

        /**
         * Anything that is not a directory (symlinks included: they are not followed); called only
         * when {@link #wantsFiles}, so a walk that needs directories only builds no file's path.
         */
        default void file(String path) {
        }

        /** Whether {@link #file} is wanted. */
        default boolean wantsFiles() {
            return false;
        }

        /** Whether the walk may end now, with directories still unvisited. */
        default boolean done() {
            return false;
        }
    }

    private record Frame(int fd, String path, List<Directories.Entry> subdirectories, int[] next) {
    }

    private TreeWalk() {
    }

    /**
     * Walks {@code top} (lossless text form) and every directory below it on the same filesystem.
     *
     * @throws NativeException when {@code top} itself cannot be opened
     */
    static void walk(String top, Visitor visitor) throws NativeException {
        int fd = Unistd.open(FileNames.toBytes(top), DIR_FLAGS & ~Unistd.O_NOFOLLOW);
        long fsid;
        try {
            fsid = FileStatus.fsid(fd);
        } catch (NativeException e) {
            Unistd.close(fd);
            throw e;
        }
        Deque<Frame> stack = new ArrayDeque<>();
        try {
            Frame first = enter(fd, top, visitor);
            if (first != null) {
                stack.push(first);
            }
            while (!stack.isEmpty() && !visitor.done()) {
                Frame f = stack.peek();
                if (f.next[0] >= f.subdirectories.size()) {
                    Unistd.close(stack.pop().fd);
                    continue;
                }
                Directories.Entry e = f.subdirectories.get(f.next[0]++);
                String path = join(f.path, e.name());
                int child;
                try {
                    child = Directories.openAt(f.fd, e.name(), DIR_FLAGS);
                } catch (NativeException x) {
                    if (x.errno() == NativeException.ENOTDIR || x.errno() == NativeException.ELOOP) {
                        if (visitor.wantsFiles()) {
                            visitor.file(path); // DT_UNKNOWN that was a file, or replaced by a symlink
                        }
                    } else if (x.errno() != NativeException.ENOENT) {
                        visitor.failed(path, x); // ENOENT: removed since listed; nothing to watch
                    }
                    continue;
                }
                if (!sameFilesystem(child, fsid)) {
                    Unistd.close(child); // another filesystem mounted here
                    continue;
                }
                Frame next = enter(child, path, visitor);
                if (next != null) {
                    stack.push(next);
                }
            }
        } finally {
            while (!stack.isEmpty()) {
                Unistd.close(stack.pop().fd);
            }
        }
    }

    /** Visits the directory open as {@code fd} and lists it; null (fd closed) when it cannot be listed. */
    private static Frame enter(int fd, String path, Visitor visitor) {
        visitor.directory(fd, path);
        List<Directories.Entry> entries;
        try {
            entries = Directories.entries(fd);
        } catch (NativeException x) {
            Unistd.close(fd);
            visitor.failed(path, x);
            return null;
        }
        List<Directories.Entry> dirs = new ArrayList<>();
        for (Directories.Entry e : entries) {
            if (e.type() == Directories.DT_DIR || e.type() == Directories.DT_UNKNOWN) {
                dirs.add(e);
            } else if (visitor.wantsFiles()) {
                visitor.file(join(path, e.name()));
            }
        }
        return new Frame(fd, path, dirs, new int[1]);
    }

    private static boolean sameFilesystem(int fd, long fsid) {
        try {
            return FileStatus.fsid(fd) == fsid;
        } catch (NativeException e) {
            return false;
        }
    }

    /** {@code dir/name} in text form; {@code dir} is already in text form. */
    static String join(String dir, byte[] name) {
        String n = FileNames.fromBytes(name);
        return dir.endsWith("/") ? dir + n : dir + "/" + n;
    }
}
