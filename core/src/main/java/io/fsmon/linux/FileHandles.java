package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * name_to_handle_at(2) and open_by_handle_at(2): the persistent identity of a file, the same
 * {@code struct file_handle} fanotify reports in its FID records. open_by_handle_at needs
 * CAP_DAC_READ_SEARCH.
 */
public final class FileHandles {

    /** The largest {@code f_handle} the kernel produces. */
    public static final int MAX_HANDLE_SZ = 128;
    public static final int AT_HANDLE_FID = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_EMPTY_PATH = 0x1000;

    /**
     * A file handle: the mount id name_to_handle_at reported and the whole
     * {@code struct file_handle} (8-byte header, then {@code f_handle}), byte for byte as the
     * kernel lays it out, so it equals the handle of a fanotify FID record for the same file.
     * Equality compares the bytes.
     */
    public record Handle(int mountId, byte[] bytes) {

        public Handle {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length < Fanotify.FILE_HANDLE_HEADER_SIZE) {
                throw new IllegalArgumentException("file_handle shorter than its header");
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** {@code handle_bytes}: the length of {@code f_handle}. */
        public int handleBytes() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder())
                    .getInt(Fanotify.FILE_HANDLE_BYTES_OFFSET);
        }

        /** {@code handle_type}: the filesystem's encoding of {@code f_handle}. */
        public int handleType() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder())
                    .getInt(Fanotify.FILE_HANDLE_TYPE_OFFSET);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Handle h && h.mountId == mountId && Arrays.equals(h.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * mountId + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Handle[mountId=" + mountId + ", bytes=" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    private FileHandles() {
    }

    /**
     * {@code int name_to_handle_at(int dirfd, const char *pathname, struct file_handle *handle,
     * int *mount_id, int flags);}
     */
    static final class NameToHandle {
        static final MethodHandle MH = Libc.downcallErrno("name_to_handle_at",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    }

    /** {@code int open_by_handle_at(int mount_fd, struct file_handle *handle, int flags);} */
    static final class OpenByHandle {
        static final MethodHandle MH = Libc.downcallErrno("open_by_handle_at",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /**
     * {@code int name_to_handle_at(int dirfd, const char *pathname, struct file_handle *handle,
     * int *mount_id, int flags);} — the handle of {@code path} relative to {@code dirFd}
     * ({@code AT_EMPTY_PATH} with an empty path: {@code dirFd} itself). EOPNOTSUPP: the
     * filesystem has no handles (try {@code AT_HANDLE_FID}).
     */
    public static Handle nameToHandleAt(int dirFd, byte[] path, int flags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment cPath = Libc.cString(arena, path);
            MemorySegment handle = arena.allocate(
                    Fanotify.FILE_HANDLE_HEADER_SIZE + (long) MAX_HANDLE_SZ, Integer.BYTES);
            MemorySegment mountId = arena.allocate(JAVA_INT);
            while (true) {
                handle.set(JAVA_INT, Fanotify.FILE_HANDLE_BYTES_OFFSET, MAX_HANDLE_SZ);
                int r;
                try {
                    r = (int) NameToHandle.MH.invokeExact(capture, dirFd, cPath, handle, mountId, flags);
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
                if (r == 0) {
                    int length = handle.get(JAVA_INT, Fanotify.FILE_HANDLE_BYTES_OFFSET);
                    byte[] bytes = handle.asSlice(0, Fanotify.FILE_HANDLE_HEADER_SIZE + (long) length)
                            .toArray(JAVA_BYTE);
                    return new Handle(mountId.get(JAVA_INT, 0), bytes);
                }
                int errno = Libc.errno(capture);
                // EOVERFLOW cannot happen with MAX_HANDLE_SZ; report it if a kernel ever grows it.
                if (errno != NativeException.EINTR) {
                    throw new NativeException("name_to_handle_at", Libc.string(path), errno);
                }
            }
        }
    }

    /** {@link #nameToHandleAt(int, byte[], int)} with a UTF-8 path. */
    public static Handle nameToHandleAt(int dirFd, String path, int flags) throws NativeException {
        return nameToHandleAt(dirFd, Libc.bytes(path), flags);
    }

    /**
     * {@code int open_by_handle_at(int mount_fd, struct file_handle *handle, int flags);} — opens
     * the file a handle names, on the filesystem {@code mountFd} lives on. {@code
     * fileHandleStruct[off, off+len)} is a whole {@code struct file_handle}, e.g. copied from a
     * fanotify FID record. ESTALE: the file is gone; EPERM: no CAP_DAC_READ_SEARCH.
     *
     * @return the new fd, owned by the caller
     */
    public static int openByHandleAt(int mountFd, byte[] fileHandleStruct, int off, int len, int flags)
            throws NativeException {
        Objects.checkFromIndexSize(off, len, fileHandleStruct.length);
        if (len < Fanotify.FILE_HANDLE_HEADER_SIZE) {
            throw new IllegalArgumentException("file_handle shorter than its header: " + len);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment handle = arena.allocate(len, Integer.BYTES);
            MemorySegment.copy(fileHandleStruct, off, handle, JAVA_BYTE, 0, len);
            int handleBytes = handle.get(JAVA_INT, Fanotify.FILE_HANDLE_BYTES_OFFSET);
            if (handleBytes < 0 || handleBytes > len - Fanotify.FILE_HANDLE_HEADER_SIZE) {
                // The kernel would read past our copy: a decoding bug upstream.
                throw new IllegalArgumentException("handle_bytes " + handleBytes + " exceeds " + len);
            }
            while (true) {
                int fd;
                try {
                    fd = (int) OpenByHandle.MH.invokeExact(capture, mountFd, handle, flags);
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
                if (fd >= 0) {
                    return fd;
                }
                int errno = Libc.errno(capture);
                if (errno != NativeException.EINTR) {
                    throw new NativeException("open_by_handle_at", null, errno);
                }
            }
        }
    }

    /** {@link #openByHandleAt(int, byte[], int, int, int)} for a handle from name_to_handle_at. */
    public static int openByHandleAt(int mountFd, Handle handle, int flags) throws NativeException {
        byte[] bytes = handle.bytes();
        return openByHandleAt(mountFd, bytes, 0, bytes.length, flags);
    }
}
