package io.fsmon.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * fanotify(7): {@code fanotify_init}, {@code fanotify_mark}, and the layouts of the records
 * {@code read(2)} returns. Values are those of {@code <linux/fanotify.h>}.
 *
 * <p>Records are decoded elsewhere from a plain little-endian {@code byte[]} with the
 * {@code *_OFFSET}/{@code *_SIZE} constants below, which are derived from the layouts.
 */
public final class Fanotify {

    // Events (the mask of fanotify_mark and of each record).
    public static final int FAN_ACCESS = 0x00000001;
    public static final int FAN_MODIFY = 0x00000002;
    public static final int FAN_ATTRIB = 0x00000004;
    public static final int FAN_CLOSE_WRITE = 0x00000008;
    public static final int FAN_CLOSE_NOWRITE = 0x00000010;
    public static final int FAN_OPEN = 0x00000020;
    public static final int FAN_MOVED_FROM = 0x00000040;
    public static final int FAN_MOVED_TO = 0x00000080;
    public static final int FAN_CREATE = 0x00000100;
    public static final int FAN_DELETE = 0x00000200;
    public static final int FAN_DELETE_SELF = 0x00000400;
    public static final int FAN_MOVE_SELF = 0x00000800;
    public static final int FAN_OPEN_EXEC = 0x00001000;
    public static final int FAN_Q_OVERFLOW = 0x00004000;
    public static final int FAN_FS_ERROR = 0x00008000;
    public static final int FAN_OPEN_PERM = 0x00010000;
    public static final int FAN_ACCESS_PERM = 0x00020000;
    public static final int FAN_OPEN_EXEC_PERM = 0x00040000;
    public static final int FAN_EVENT_ON_CHILD = 0x08000000;
    public static final int FAN_RENAME = 0x10000000;
    public static final int FAN_ONDIR = 0x40000000;
    public static final int FAN_CLOSE = FAN_CLOSE_WRITE | FAN_CLOSE_NOWRITE;
    public static final int FAN_MOVE = FAN_MOVED_FROM | FAN_MOVED_TO;

    // fanotify_init flags.
    public static final int FAN_CLOEXEC = 0x00000001;
    public static final int FAN_NONBLOCK = 0x00000002;
    public static final int FAN_CLASS_NOTIF = 0x00000000;
    public static final int FAN_CLASS_CONTENT = 0x00000004;
    public static final int FAN_CLASS_PRE_CONTENT = 0x00000008;
    public static final int FAN_UNLIMITED_QUEUE = 0x00000010;
    public static final int FAN_UNLIMITED_MARKS = 0x00000020;
    public static final int FAN_ENABLE_AUDIT = 0x00000040;
    public static final int FAN_REPORT_PIDFD = 0x00000080;
    public static final int FAN_REPORT_TID = 0x00000100;
    public static final int FAN_REPORT_FID = 0x00000200;
    public static final int FAN_REPORT_DIR_FID = 0x00000400;
    public static final int FAN_REPORT_NAME = 0x00000800;
    public static final int FAN_REPORT_TARGET_FID = 0x00001000;
    public static final int FAN_REPORT_DFID_NAME = FAN_REPORT_DIR_FID | FAN_REPORT_NAME;
    public static final int FAN_REPORT_DFID_NAME_TARGET =
            FAN_REPORT_DFID_NAME | FAN_REPORT_FID | FAN_REPORT_TARGET_FID;

    // fanotify_mark flags.
    public static final int FAN_MARK_ADD = 0x00000001;
    public static final int FAN_MARK_REMOVE = 0x00000002;
    public static final int FAN_MARK_DONT_FOLLOW = 0x00000004;
    public static final int FAN_MARK_ONLYDIR = 0x00000008;
    public static final int FAN_MARK_IGNORED_MASK = 0x00000020;
    public static final int FAN_MARK_IGNORED_SURV_MODIFY = 0x00000040;
    public static final int FAN_MARK_FLUSH = 0x00000080;
    public static final int FAN_MARK_EVICTABLE = 0x00000200;
    public static final int FAN_MARK_IGNORE = 0x00000400;
    public static final int FAN_MARK_INODE = 0x00000000;
    public static final int FAN_MARK_MOUNT = 0x00000010;
    public static final int FAN_MARK_FILESYSTEM = 0x00000100;

    // Info record types following the metadata.
    public static final int FAN_EVENT_INFO_TYPE_FID = 1;
    public static final int FAN_EVENT_INFO_TYPE_DFID_NAME = 2;
    public static final int FAN_EVENT_INFO_TYPE_DFID = 3;
    public static final int FAN_EVENT_INFO_TYPE_PIDFD = 4;
    public static final int FAN_EVENT_INFO_TYPE_ERROR = 5;
    public static final int FAN_EVENT_INFO_TYPE_OLD_DFID_NAME = 10;
    public static final int FAN_EVENT_INFO_TYPE_NEW_DFID_NAME = 12;

    /** The record's {@code fd} when the group reports file ids instead of fds. */
    public static final int FAN_NOFD = -1;
    public static final int FAN_NOPIDFD = FAN_NOFD;
    public static final int FAN_EPIDFD = -2;
    public static final int FANOTIFY_METADATA_VERSION = 3;

    // event_f_flags of fanotify_init and a dirfd for fanotify_mark (same values as Unistd).
    public static final int AT_FDCWD = Unistd.AT_FDCWD;
    public static final int O_RDONLY = Unistd.O_RDONLY;
    public static final int O_CLOEXEC = Unistd.O_CLOEXEC;
    public static final int O_LARGEFILE = Unistd.O_LARGEFILE;
    public static final int O_PATH = Unistd.O_PATH;
    public static final int O_DIRECTORY = Unistd.O_DIRECTORY;
    public static final int O_NONBLOCK = Unistd.O_NONBLOCK;

    /**
     * {@code struct fanotify_event_metadata}: u32 event_len, u8 vers, u8 reserved,
     * u16 metadata_len, __aligned_u64 mask, s32 fd, s32 pid — 24 bytes. Records in the read
     * buffer are only 4-byte aligned, so the mask is declared unaligned.
     */
    public static final StructLayout EVENT_METADATA = MemoryLayout.structLayout(
            JAVA_INT.withName("event_len"),
            JAVA_BYTE.withName("vers"),
            JAVA_BYTE.withName("reserved"),
            JAVA_SHORT.withName("metadata_len"),
            JAVA_LONG_UNALIGNED.withName("mask"),
            JAVA_INT.withName("fd"),
            JAVA_INT.withName("pid")).withName("fanotify_event_metadata");

    /** {@code struct fanotify_event_info_header}: u8 info_type, u8 pad, u16 len. */
    public static final StructLayout EVENT_INFO_HEADER = MemoryLayout.structLayout(
            JAVA_BYTE.withName("info_type"),
            JAVA_BYTE.withName("pad"),
            JAVA_SHORT.withName("len")).withName("fanotify_event_info_header");

    /**
     * {@code struct fanotify_event_info_fid}: header, {@code __kernel_fsid_t fsid} (two s32),
     * then a {@code struct file_handle} ({@code unsigned char handle[]}); for DFID_NAME records
     * the NUL-terminated name follows the handle.
     */
    public static final StructLayout EVENT_INFO_FID = MemoryLayout.structLayout(
            EVENT_INFO_HEADER.withName("hdr"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("fsid")).withName("fanotify_event_info_fid");

    /**
     * {@code struct file_handle} without its flexible tail: u32 handle_bytes, s32 handle_type,
     * then {@code unsigned char f_handle[handle_bytes]}.
     */
    public static final StructLayout FILE_HANDLE_HEADER = MemoryLayout.structLayout(
            JAVA_INT.withName("handle_bytes"),
            JAVA_INT.withName("handle_type")).withName("file_handle");

    public static final int META_EVENT_LEN_OFFSET = offset(EVENT_METADATA, "event_len");
    public static final int META_VERS_OFFSET = offset(EVENT_METADATA, "vers");
    public static final int META_METADATA_LEN_OFFSET = offset(EVENT_METADATA, "metadata_len");
    public static final int META_MASK_OFFSET = offset(EVENT_METADATA, "mask");
    public static final int META_FD_OFFSET = offset(EVENT_METADATA, "fd");
    public static final int META_PID_OFFSET = offset(EVENT_METADATA, "pid");
    public static final int META_SIZE = (int) EVENT_METADATA.byteSize();

    public static final int INFO_TYPE_OFFSET = offset(EVENT_INFO_HEADER, "info_type");
    public static final int INFO_LEN_OFFSET = offset(EVENT_INFO_HEADER, "len");
    public static final int INFO_HEADER_SIZE = (int) EVENT_INFO_HEADER.byteSize();
    public static final int INFO_FID_FSID_OFFSET = offset(EVENT_INFO_FID, "fsid");
    /** Where the {@code struct file_handle} starts inside a FID info record. */
    public static final int INFO_FID_HANDLE_OFFSET = (int) EVENT_INFO_FID.byteSize();

    public static final int FILE_HANDLE_BYTES_OFFSET = offset(FILE_HANDLE_HEADER, "handle_bytes");
    public static final int FILE_HANDLE_TYPE_OFFSET = offset(FILE_HANDLE_HEADER, "handle_type");
    public static final int FILE_HANDLE_HEADER_SIZE = (int) FILE_HANDLE_HEADER.byteSize();

    private Fanotify() {
    }

    private static int offset(StructLayout layout, String field) {
        return (int) layout.byteOffset(groupElement(field));
    }

    /** {@code int fanotify_init(unsigned int flags, unsigned int event_f_flags);} */
    static final class Init {
        static final MethodHandle MH = Libc.downcallErrno("fanotify_init",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /**
     * {@code int fanotify_mark(int fanotify_fd, unsigned int flags, uint64_t mask, int dirfd,
     * const char *pathname);}
     */
    static final class Mark {
        static final MethodHandle MH = Libc.downcallErrno("fanotify_mark",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
    }

    /**
     * {@code int fanotify_init(unsigned int flags, unsigned int event_f_flags);} — creates a
     * notification group. {@code flags} are FAN_CLASS_*, FAN_REPORT_*, FAN_CLOEXEC, ...;
     * {@code eventFFlags} are the O_* flags of the fds events would carry. EPERM means the
     * caller lacks CAP_SYS_ADMIN; EINVAL an unsupported flag on this kernel.
     *
     * @return the fanotify fd, owned by the caller
     */
    public static int init(int flags, int eventFFlags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            long fd = Libc.retryingEintr(arena, c -> (int) Init.MH.invokeExact(c, flags, eventFFlags));
            if (fd < 0) {
                throw new NativeException("fanotify_init", null, (int) -fd);
            }
            return (int) fd;
        }
    }

    /**
     * {@code int fanotify_mark(int fanotify_fd, unsigned int flags, uint64_t mask, int dirfd,
     * const char *pathname);} — adds, removes or flushes a mark on the inode, mount or
     * filesystem at {@code path} (relative to {@code dirFd}; a null path means {@code dirFd}
     * itself). ENODEV/EXDEV/EOPNOTSUPP: the filesystem cannot be marked this way.
     *
     * @param path the path bytes without NUL, or null for a NULL pointer
     */
    public static void mark(int fanFd, int flags, long mask, int dirFd, byte[] path)
            throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = Libc.cString(arena, path);
            long r = Libc.retryingEintr(arena, c -> (int) Mark.MH.invokeExact(c, fanFd, flags, mask, dirFd, cPath));
            if (r < 0) {
                throw new NativeException("fanotify_mark", Libc.string(path), (int) -r);
            }
        }
    }

    /**
     * {@link #mark(int, int, long, int, byte[])} with a NULL pathname: marks the object
     * {@code dirFd} refers to (also spares callers the cast {@code (byte[]) null}).
     */
    public static void mark(int fanFd, int flags, long mask, int dirFd) throws NativeException {
        mark(fanFd, flags, mask, dirFd, (byte[]) null);
    }

    /** {@link #mark(int, int, long, int, byte[])} with a UTF-8 path (null for NULL). */
    public static void mark(int fanFd, int flags, long mask, int dirFd, String path)
            throws NativeException {
        mark(fanFd, flags, mask, dirFd, Libc.bytes(path));
    }
}
