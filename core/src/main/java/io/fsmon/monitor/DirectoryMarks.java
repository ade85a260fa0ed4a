package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Fanotify;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Unistd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Per-directory mode: an inode mark on every directory of a tree, placed through each directory's
 * own fd as {@link TreeWalk} opens it (never through a path in text form), and on every directory
 * that appears later. A directory that cannot be marked is counted and named in {@link NotMarked}.
 * Owned by the reader thread after start.
 */
final class DirectoryMarks {
    private final int fanFd;
    private final long mask;
    private final Scope scope;
    private final Marks.MarkCall edge;
    /** Tells the path resolver a walked directory's handle: its fd (valid during the call) and path. */
    private final Learner learner;
    /** Roots watched through per-directory marks; only these need new directories marked. */
    private final List<Scope.Root> roots = new ArrayList<>();
    private final NotMarked notMarked = new NotMarked();
    private int marks;

    @FunctionalInterface
    interface Learner {
        void learn(int fd, String path);
    }

    /** What placing one root did: the marks placed, and the line about directories missed (or null). */
    record Placed(int marks, String missed) {
    }

    DirectoryMarks(int fanFd, long mask, Scope scope, Marks.MarkCall edge, Learner learner) {
        this.fanFd = fanFd;
        this.mask = mask & ~Fanotify.FAN_FS_ERROR; // FS_ERROR is a filesystem mark's event only
        this.scope = scope;
        this.edge = edge;
        this.learner = learner;
    }

    /**
     * Marks a root: a directory and, when recursive, its tree; a file and its parent.
     *
     * @throws NativeException when the root itself cannot be opened or marked
     */
    Placed place(Scope.Root root) throws NativeException {
        int before = marks;
        notMarked.beginRoot();
        String missed;
        try {
            if (root.directory()) {
                roots.add(root);
                markTree(root.path(), root.recursive(), null);
            } else {
                markPath(root.path(), 0);
                markPath(Marks.parentOf(root.path()), Fanotify.FAN_EVENT_ON_CHILD);
            }
        } finally {
            missed = notMarked.endRoot(root.path());
        }
        return new Placed(marks - before, missed);
    }

    /**
     * A directory appeared at {@code path}: mark it and everything already inside it, and hand
     * every entry found inside to {@code found} — those were created before the mark could see
     * them ({@code mkdir -p a/b/c && touch a/b/c/f}).
     */
    void appeared(String path, BiConsumer<String, Boolean> found) {
        if (roots.isEmpty() || !scope.wantsDirectoryMark(path)) {
            return;
        }
        boolean recursive = roots.stream().anyMatch(r -> r.recursive() && r.contains(path));
        if (!recursive) {
            return;
        }
        try {
            markTree(path, true, found);
        } catch (NativeException e) {
            if (e.errno() != NativeException.ENOENT && e.errno() != NativeException.ENOTDIR) {
                notMarked.add(path, e);
            } // else gone again before it could be marked: nothing inside to miss
        }
    }

    NotMarked notMarked() {
        return notMarked;
    }

    /**
     * Marks {@code top} and, when {@code recursive}, every directory below it on its filesystem.
     *
     * @throws NativeException when {@code top} itself cannot be opened or marked
     */
    private void markTree(String top, boolean recursive, BiConsumer<String, Boolean> found) throws NativeException {
        if (!recursive) {
            int fd = Unistd.open(FileNames.toBytes(top), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
            try {
                markFd(fd);
                learner.learn(fd, top);
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
                    markFd(fd);
                } catch (NativeException e) {
                    if (isTop) {
                        topFailure[0] = e;
                    } else {
                        notMarked.add(path, e);
                    }
                }
                if (walked[0] <= Marks.WALK_LIMIT) {
                    learner.learn(fd, path);
                }
                if (found != null && !isTop) {
                    found.accept(path, true);
                }
            }

            @Override
            public void failed(String path, NativeException e) {
                notMarked.add(path, e);
            }

            @Override
            public void file(String path) {
                found.accept(path, false);
            }

            @Override
            public boolean wantsFiles() {
                return found != null;
            }
        });
        if (topFailure[0] != null) {
            throw topFailure[0];
        }
    }

    /** An inode mark on the directory open as {@code fd}: a NULL path marks the fd's own inode. */
    private void markFd(int fd) throws NativeException {
        edge.mark(fanFd, Fanotify.FAN_MARK_ADD, mask | Fanotify.FAN_EVENT_ON_CHILD, fd, null);
        marks++;
    }

    /** An inode mark on the file or directory at {@code path} (text form, so exact bytes). */
    private void markPath(String path, int extraMask) throws NativeException {
        edge.mark(fanFd, Fanotify.FAN_MARK_ADD, mask | extraMask, Fanotify.AT_FDCWD, FileNames.toBytes(path));
        marks++;
    }
}
