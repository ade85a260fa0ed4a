package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Fanotify;
import io.fsmon.linux.FileHandles;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Unistd;

import java.util.HashMap;
import java.util.Map;

/**
 * Objects opened by file handle through the kernel: {@code open_by_handle_at(2)} needs an open fd
 * on the handle's filesystem (the mount fd), one per filesystem id, registered as the marks are
 * placed. Owned by the reader thread after start; closes the mount fds on {@link #close()}.
 */
final class KernelHandles implements HandleOpener {
    private static final String DELETED_SUFFIX = " (deleted)";

    /** One open directory fd per filesystem id, the mount fd that open_by_handle_at needs. */
    private final Map<Long, Integer> mountFds = new HashMap<>();

    /** Registers an fd (owned from now on) for handles of filesystem {@code fsid}. */
    void addMountFd(long fsid, int fd) {
        Integer old = mountFds.putIfAbsent(fsid, fd);
        if (old != null) {
            Unistd.close(fd);
        }
    }

    @Override
    public String path(HandleKey key) {
        int fd = open(key, Fanotify.O_PATH | Fanotify.O_CLOEXEC);
        if (fd < 0) {
            return null;
        }
        try {
            String s = FileNames.fromBytes(Unistd.fdPath(fd));
            if (s.endsWith(DELETED_SUFFIX)) {
                s = s.substring(0, s.length() - DELETED_SUFFIX.length());
            }
            return s.startsWith("/") ? s : null;
        } catch (NativeException e) {
            return null;
        } finally {
            Unistd.close(fd);
        }
    }

    @Override
    public int openDirectory(HandleKey key) {
        return open(key, Fanotify.O_PATH | Fanotify.O_DIRECTORY | Fanotify.O_CLOEXEC);
    }

    @Override
    public void close(int fd) {
        Unistd.close(fd);
    }

    private int open(HandleKey key, int flags) {
        Integer mountFd = mountFds.get(key.fsid());
        if (mountFd == null) {
            return -1;
        }
        try {
            byte[] h = key.handle();
            return FileHandles.openByHandleAt(mountFd, h, 0, h.length, flags);
        } catch (NativeException e) {
            return -1; // ESTALE: gone; EOPNOTSUPP: not decodable on this filesystem
        }
    }

    @Override
    public void close() {
        mountFds.values().forEach(Unistd::close);
        mountFds.clear();
    }
}
