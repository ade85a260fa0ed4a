package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * File descriptors and paths: {@code open}, {@code close}, {@code read}, {@code write},
 * {@code readlink}, {@code fstatfs}, and the process's own ids. Paths are bytes as the kernel
 * sees them (no NUL; the binding adds it); String overloads encode UTF-8.
 */
public final class Unistd {

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_NONBLOCK = 04000;
    /**
     * The kernel's value. glibc on x86_64 defines {@code O_LARGEFILE} as 0 because the kernel
     * forces it on 64-bit; passing the kernel value is harmless and means the same.
     */
    public static final int O_LARGEFILE = 0100000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    /** Resolve relative paths against the current directory (for the {@code *at} calls). */
    public static final int AT_FDCWD = -100;

    public static final long EXT4_SUPER_MAGIC = 0xEF53L;
    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long BTRFS_SUPER_MAGIC = 0x9123683EL;
    public static final long OVERLAYFS_SUPER_MAGIC = 0x794c7630L;
    public static final long PROC_SUPER_MAGIC = 0x9fa0L;
    public static final long SYSFS_MAGIC = 0x62656572L;
    public static final long XFS_SUPER_MAGIC = 0x58465342L;
    public static final long DEVPTS_SUPER_MAGIC = 0x1cd1L;
    public static final long CGROUP2_SUPER_MAGIC = 0x63677270L;
    public static final long NFS_SUPER_MAGIC = 0x6969L;
    public static final long FUSE_SUPER_MAGIC = 0x65735546L;
    public static final long SQUASHFS_MAGIC = 0x73717368L;
    public static final long MSDOS_SUPER_MAGIC = 0x4d44L;
    public static final long F2FS_SUPER_MAGIC = 0xF2F52010L;

    /** {@code sizeof(struct statfs)} on x86_64; {@code f_type} is its first field (8 bytes). */
    static final long STATFS_SIZE = 120;

    private Unistd() {
    }

    /** {@code int open(const char *pathname, int flags, ...);} — opens a file (mode 0). */
    static final class Open {
        static final MethodHandle MH = Libc.downcallErrno("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }

    /** {@code int close(int fd);} — releases a file descriptor. */
    static final class Close {
        static final MethodHandle MH = Libc.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** {@code ssize_t read(int fd, void *buf, size_t count);} — reads up to count bytes. */
    static final class Read {
        static final MethodHandle MH = Libc.downcallErrno("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /** {@code ssize_t write(int fd, const void *buf, size_t count);} — writes count bytes. */
    static final class Write {
        static final MethodHandle MH = Libc.downcallErrno("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /** {@code ssize_t readlink(const char *path, char *buf, size_t bufsiz);} — a link's target. */
    static final class Readlink {
        static final MethodHandle MH = Libc.downcallErrno("readlink",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    }

    /** {@code int fstatfs(int fd, struct statfs *buf);} — the filesystem an fd lives on. */
    static final class Fstatfs {
        static final MethodHandle MH = Libc.downcallErrno("fstatfs",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** {@code uid_t geteuid(void);} and {@code pid_t getpid(void);} — never fail. */
    static final class Ids {
        static final MethodHandle GETEUID = Libc.downcall("geteuid", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GETPID = Libc.downcall("getpid", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code int open(const char *pathname, int flags, ...);} — opens {@code path} with
     * {@code flags} (O_*); never creates, so the mode is 0. EINTR is retried.
     *
     * @return the new file descriptor, owned by the caller
     */
    public static int open(byte[] path, int flags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Libc.cString(arena, path);
            long fd = Libc.retryingEintr(arena, c -> (int) Open.MH.invokeExact(c, cPath, flags, 0));
            if (fd < 0) {
                throw new NativeException("open", Libc.string(path), (int) -fd);
            }
            return (int) fd;
        }
    }

    /** {@link #open(byte[], int)} with a UTF-8 path. */
    public static int open(String path, int flags) throws NativeException {
        return open(Libc.bytes(path), flags);
    }

    /**
     * {@code int close(int fd);} — closes {@code fd} and reports nothing. On Linux the fd is
     * released even when close fails with EINTR or EIO, so retrying could close an fd another
     * thread has just opened, and there is nothing useful a caller could do with the error.
     */
    public static void close(int fd) {
        try {
            int ignored = (int) Close.MH.invokeExact(fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * {@code ssize_t read(int fd, void *buf, size_t count);} with EINTR retried.
     *
     * @return the byte count (0 at end of file), or {@code -errno} on failure
     */
    static long read(int fd, MemorySegment buf, long count) {
        try (Arena arena = Arena.ofConfined()) {
            return Libc.retryingEintr(arena, c -> (long) Read.MH.invokeExact(c, fd, buf, count));
        }
    }

    /**
     * {@code ssize_t write(int fd, const void *buf, size_t count);} with EINTR retried.
     *
     * @return the byte count written, or {@code -errno} on failure
     */
    static long write(int fd, MemorySegment buf, long count) {
        try (Arena arena = Arena.ofConfined()) {
            return Libc.retryingEintr(arena, c -> (long) Write.MH.invokeExact(c, fd, buf, count));
        }
    }

    /**
     * {@code ssize_t readlink(const char *path, char *buf, size_t bufsiz);} — the target of the
     * symbolic link {@code path}, as bytes. readlink truncates silently, so the buffer grows until
     * the answer is shorter than the buffer.
     */
    public static byte[] readlink(byte[] path) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment cPath = Libc.cString(arena, path);
            for (long size = 256; ; size *= 2) {
                MemorySegment buf = arena.allocate(size);
                long n = readlinkOnce(capture, cPath, buf);
                if (n < 0) {
                    throw new NativeException("readlink", Libc.string(path), (int) -n);
                }
                if (n < size) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
            }
        }
    }

    /** One readlink into {@code buf} with EINTR retried: the length, or {@code -errno}. */
    private static long readlinkOnce(MemorySegment capture, MemorySegment cPath, MemorySegment buf) {
        while (true) {
            long n;
            try {
                n = (long) Readlink.MH.invokeExact(capture, cPath, buf, buf.byteSize());
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (n >= 0) {
                return n;
            }
            int errno = Libc.errno(capture);
            if (errno != NativeException.EINTR) {
                return -errno;
            }
        }
    }

    /** {@link #readlink(byte[])} with a UTF-8 path. */
    public static byte[] readlink(String path) throws NativeException {
        return readlink(Libc.bytes(path));
    }

    /**
     * The path {@code fd} was opened with, as the kernel shows it now:
     * {@code readlink("/proc/self/fd/N")}. A deleted file ends in {@code " (deleted)"}.
     */
    public static byte[] fdPath(int fd) throws NativeException {
        return readlink(("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code int fstatfs(int fd, struct statfs *buf);} — the {@code f_type} magic number of the
     * filesystem {@code fd} lives on (compare with the *_MAGIC constants).
     */
    public static long fstatfsType(int fd) throws NativeException {
        return fstatfsField(fd, 0);
    }

    /** One 8-byte field of {@code fd}'s {@code struct statfs}, at {@code offset}. */
    static long fstatfsField(int fd, long offset) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(STATFS_SIZE, 8);
            long r = Libc.retryingEintr(arena, c -> (int) Fstatfs.MH.invokeExact(c, fd, buf));
            if (r < 0) {
                throw new NativeException("fstatfs", null, (int) -r);
            }
            return buf.get(JAVA_LONG, offset);
        }
    }

    /** A short name for a filesystem magic number ("ext4", "tmpfs"), or its hex value. */
    public static String fsTypeName(long magic) {
        if (magic == EXT4_SUPER_MAGIC) return "ext4";
        if (magic == TMPFS_MAGIC) return "tmpfs";
        if (magic == BTRFS_SUPER_MAGIC) return "btrfs";
        if (magic == OVERLAYFS_SUPER_MAGIC) return "overlayfs";
        if (magic == PROC_SUPER_MAGIC) return "proc";
        if (magic == SYSFS_MAGIC) return "sysfs";
        if (magic == XFS_SUPER_MAGIC) return "xfs";
        if (magic == DEVPTS_SUPER_MAGIC) return "devpts";
        if (magic == CGROUP2_SUPER_MAGIC) return "cgroup2";
        if (magic == NFS_SUPER_MAGIC) return "nfs";
        if (magic == FUSE_SUPER_MAGIC) return "fuse";
        if (magic == SQUASHFS_MAGIC) return "squashfs";
        if (magic == MSDOS_SUPER_MAGIC) return "vfat";
        if (magic == F2FS_SUPER_MAGIC) return "f2fs";
        return "0x" + Long.toHexString(magic);
    }

    /** {@code uid_t geteuid(void);} — the effective user id (0 for root). */
    public static int geteuid() {
        try {
            return (int) Ids.GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code pid_t getpid(void);} — this process's id. */
    public static int getpid() {
        try {
            return (int) Ids.GETPID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
