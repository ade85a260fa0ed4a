package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Unistd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.function.BiConsumer;

/**
 * The kernel as the record pipeline's edges see it, kept in tables: objects by file handle (what
 * {@code open_by_handle_at} plus {@code /proc/self/fd} would name), file sizes by path (what
 * {@code statx} would say), and the marks (which filesystems are marked whole, which directories
 * appeared). Records every question, so a test can say what was asked. No native call.
 */
final class FakeKernel implements HandleOpener, SizeLookup, Marking {
    /** The filesystem id of every handle made here. */
    static final long FSID = 0x5eed_f00dL;
    private static final int FIRST_FD = 1000;

    private final Map<HandleKey, String> objects = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private final Map<Integer, HandleKey> fds = new HashMap<>();
    private final Map<String, List<Map.Entry<String, Boolean>>> inside = new HashMap<>();
    private final Set<Long> filesystemMarked = new HashSet<>();
    private long nextId = 1;
    private int nextFd = FIRST_FD;
    /** Whether statx fails for every name (EACCES, say). */
    boolean statxFails;
    boolean walkCutShort;

    /** Handles asked for by {@link #path}, in order. */
    final List<HandleKey> pathAsked = new ArrayList<>();
    /** Paths {@code statx} was asked about (a directory fd's path plus the name), in order. */
    final List<String> statxAsked = new ArrayList<>();
    /** Those of them asked by whole path ({@code AT_FDCWD}) rather than by name in an open directory. */
    final List<String> statxByPath = new ArrayList<>();
    /** Directories that appeared ({@link #directoryAppeared}), in order. */
    final List<String> appeared = new ArrayList<>();
    final List<Integer> closed = new ArrayList<>();

    /** A new handle on {@link #FSID} that the kernel can open, naming {@code path}. */
    HandleKey object(String path) {
        HandleKey k = RecordBytes.handle(FSID, nextId++);
        objects.put(k, path);
        return k;
    }

    /** A file at {@code path} of {@code size} bytes, and its handle. */
    HandleKey file(String path, long size) {
        sizes.put(path, size);
        return object(path);
    }

    /** The object of {@code k} is gone: its handle answers ESTALE, its path has no size. */
    void gone(HandleKey k) {
        String p = objects.remove(k);
        if (p != null) {
            sizes.remove(p);
        }
    }

    /** The object of {@code k} is now at {@code path}. */
    void moved(HandleKey k, String path) {
        objects.put(k, path);
    }

    void size(String path, long size) {
        sizes.put(path, size);
    }

    /** The filesystem of every handle here is watched through a filesystem mark. */
    void filesystemMark() {
        filesystemMarked.add(FSID);
    }

    /** When the directory {@code dir} appears, its marking finds {@code entry} already inside. */
    void foundInside(String dir, String entry, boolean isDir) {
        inside.computeIfAbsent(dir, d -> new ArrayList<>()).add(Map.entry(entry, isDir));
    }

    /** Directory fds handed out and not closed. */
    int openFds() {
        return fds.size();
    }

    @Override
    public String path(HandleKey key) {
        pathAsked.add(key);
        return objects.get(key);
    }

    @Override
    public int openDirectory(HandleKey key) {
        if (!objects.containsKey(key)) {
            return -1;
        }
        fds.put(nextFd, key);
        return nextFd++;
    }

    @Override
    public void close(int fd) {
        if (fds.remove(fd) == null) {
            throw new AssertionError("closed fd " + fd + ", which is not open");
        }
        closed.add(fd);
    }

    @Override
    public long sizeAt(int dirFd, byte[] name, int length) {
        String n = FileNames.fromBytes(name, 0, length);
        String path;
        if (dirFd == Unistd.AT_FDCWD) {
            path = n;
            statxByPath.add(path);
        } else {
            HandleKey dir = fds.get(dirFd);
            if (dir == null) {
                throw new AssertionError("statx on fd " + dirFd + ", which is not open");
            }
            path = objects.get(dir) + "/" + n; // an O_PATH fd follows its directory
        }
        statxAsked.add(path);
        Long s = sizes.get(path);
        return statxFails || s == null ? -1 : s;
    }

    @Override
    public void directoryAppeared(String path, BiConsumer<String, Boolean> found) {
        appeared.add(path);
        for (Map.Entry<String, Boolean> e : inside.getOrDefault(path, List.of())) {
            found.accept(e.getKey(), e.getValue());
        }
    }

    @Override
    public boolean isFilesystemMarked(long fsid) {
        return filesystemMarked.contains(fsid);
    }

    @Override
    public boolean walkCutShort() {
        return walkCutShort;
    }
}
