package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A file's size and a filesystem's id: {@code statx} and {@code fstatfs}. The size lookup is on
 * the event path and a missing file is normal there (deleted before the event was read), so it
 * returns -1 instead of building an exception.
 */
public final class FileStatus {
    /** {@code AT_SYMLINK_NOFOLLOW}: report on a symlink itself. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code STATX_SIZE}: the caller wants {@code stx_size}. */
    public static final int STATX_SIZE = 0x200;
    /** {@code sizeof(struct statx)}. */
    static final long STATX_BYTES = 256;
    /** {@code offsetof(struct statx, stx_size)}: after mask, blksize, attributes, nlink, uid, gid, mode, ino. */
    static final long STX_SIZE_OFFSET = 40;
    /** {@code offsetof(struct statfs, f_fsid)} on 64-bit: after seven 8-byte fields. */
    static final long F_FSID_OFFSET = 56;

    private FileStatus() {
    }

    /**
     * Buffers for {@link #size}, one set per thread: it runs for most events of a busy monitor, and
     * allocating them per call showed in the drain rate.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final Arena arena = Arena.ofAuto();
        final MemorySegment capture = Libc.captureSegment(arena);
        final MemorySegment statx = arena.allocate(STATX_BYTES, 8);
        final MemorySegment path = arena.allocate(PATH_MAX);
    }

    /** {@code PATH_MAX} including the terminating NUL. */
    public static final int PATH_MAX = 4096;

    /** {@code int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf);} */
    static final class Statx {
        static final MethodHandle MH = Libc.downcallErrno("statx",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * The size of the file {@code name} in the directory open as {@code dirFd} (an {@code O_PATH}
     * fd will do), not following a final symlink, or -1 when it cannot be known (gone, not
     * accessible). One name looked up instead of a whole path walked: the monitor keeps the
     * directories of busy files open. {@code dirFd} is {@code AT_FDCWD} for a path.
     */
    public static long sizeAt(int dirFd, byte[] name) {
        return sizeAt(dirFd, name, name.length);
    }

    /** {@link #sizeAt(int, byte[])} for the name in {@code name[0, length)}. */
    public static long sizeAt(int dirFd, byte[] name, int length) {
        Scratch sc = SCRATCH.get();
        if (length >= sc.path.byteSize()) {
            return -1; // longer than PATH_MAX: the kernel would refuse it (ENAMETOOLONG)
        }
        MemorySegment.copy(name, 0, sc.path, JAVA_BYTE, 0, length);
        sc.path.set(JAVA_BYTE, length, (byte) 0);
        int r;
        do {
            try {
                r = (int) Statx.MH.invokeExact(sc.capture, dirFd, sc.path, AT_SYMLINK_NOFOLLOW, STATX_SIZE, sc.statx);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        } while (r != 0 && Libc.errno(sc.capture) == NativeException.EINTR);
        return r == 0 ? sc.statx.get(JAVA_LONG, STX_SIZE_OFFSET) : -1;
    }

    /**
     * {@code f_fsid} of the filesystem {@code fd} lives on, as the 8 bytes fanotify puts in its
     * FID records (two native-endian ints read as one little-endian long).
     */
    public static long fsid(int fd) throws NativeException {
        return Unistd.fstatfsField(fd, F_FSID_OFFSET);
    }
}
