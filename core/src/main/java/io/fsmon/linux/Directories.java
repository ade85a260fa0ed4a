package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Directories read by file descriptor: {@code openat} and {@code getdents64}. Names are the
 * kernel's bytes, never decoded, so a directory whose name is not UTF-8 (or looks like an escape)
 * is opened exactly; the JDK's {@code Path} turns such bytes into U+FFFD and cannot open them again.
 */
public final class Directories {
    /** {@code DT_UNKNOWN}: the filesystem does not fill {@code d_type}; ask {@code openat}. */
    public static final int DT_UNKNOWN = 0;
    /** {@code DT_DIR}. */
    public static final int DT_DIR = 4;
    /** {@code DT_LNK}. */
    public static final int DT_LNK = 10;

    /**
     * {@code struct linux_dirent64 { ino64_t d_ino; off64_t d_off; unsigned short d_reclen;
     * unsigned char d_type; char d_name[]; }} — the fixed part; the name follows, NUL-terminated.
     */
    static final StructLayout DIRENT64 = MemoryLayout.structLayout(
            JAVA_LONG.withName("d_ino"),
            JAVA_LONG.withName("d_off"),
            JAVA_SHORT.withName("d_reclen"),
            JAVA_BYTE.withName("d_type"),
            MemoryLayout.paddingLayout(5));
    static final long D_RECLEN = DIRENT64.byteOffset(MemoryLayout.PathElement.groupElement("d_reclen"));
    static final long D_TYPE = DIRENT64.byteOffset(MemoryLayout.PathElement.groupElement("d_type"));
    /** {@code offsetof(struct linux_dirent64, d_name)}: right after {@code d_type}. */
    static final long D_NAME = D_TYPE + 1;

    /** The getdents64 buffer: 32 KiB, as glibc's readdir uses. */
    private static final long BUFFER = 32 * 1024;

    private Directories() {
    }

    /** {@code int openat(int dirfd, const char *pathname, int flags, ...);} */
    static final class OpenAt {
        static final MethodHandle MH = Libc.downcallErrno("openat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(3));
    }

    /** {@code ssize_t getdents64(int fd, void *dirp, size_t count);} */
    static final class Getdents64 {
        static final MethodHandle MH = Libc.downcallErrno("getdents64",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /** One entry of a directory: its name's bytes and its {@code d_type} (DT_*). */
    public record Entry(byte[] name, int type) {
    }

    /**
     * {@code int openat(int dirfd, const char *pathname, int flags, ...);} — opens {@code name}
     * relative to the directory {@code dirFd} (or {@link Unistd#AT_FDCWD}); never creates, so the
     * mode is 0. EINTR is retried.
     *
     * @return the new file descriptor, owned by the caller
     */
    public static int openAt(int dirFd, byte[] name, int flags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = Libc.cString(arena, name);
            long fd = Libc.retryingEintr(arena, c -> (int) OpenAt.MH.invokeExact(c, dirFd, cName, flags, 0));
            if (fd < 0) {
                throw new NativeException("openat", Libc.string(name), (int) -fd);
            }
            return (int) fd;
        }
    }

    /**
     * Every entry of the directory open as {@code fd} except {@code .} and {@code ..}, through
     * {@code getdents64} until it returns 0. The fd must be open for reading (not {@code O_PATH})
     * and at its start.
     */
    public static List<Entry> entries(int fd) throws NativeException {
        List<Entry> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(BUFFER, 8);
            while (true) {
                long n = Libc.retryingEintr(arena, c -> (long) Getdents64.MH.invokeExact(c, fd, buf, BUFFER));
                if (n < 0) {
                    throw new NativeException("getdents64", null, (int) -n);
                }
                if (n == 0) {
                    return out;
                }
                parse(buf, n, out);
            }
        }
    }

    /** The records in {@code buf[0, n)}: {@code d_reclen} steps, each name up to its NUL. */
    static void parse(MemorySegment buf, long n, List<Entry> out) {
        for (long off = 0; off < n; ) {
            int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT, off + D_RECLEN));
            int type = Byte.toUnsignedInt(buf.get(JAVA_BYTE, off + D_TYPE));
            long nameStart = off + D_NAME;
            long end = nameStart;
            while (end < off + reclen && buf.get(JAVA_BYTE, end) != 0) {
                end++;
            }
            byte[] name = buf.asSlice(nameStart, end - nameStart).toArray(JAVA_BYTE);
            boolean dots = (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
            if (!dots) {
                out.add(new Entry(name, type));
            }
            off += reclen;
        }
    }
}
