package io.fsmon.linux;

import java.io.IOException;

/**
 * A failed libc call: the errno read in the same call that failed, the C function's name and,
 * where the call took one, the path. Callers turn the cases they expect into sentences (for
 * example {@link #EPERM} from {@code fanotify_init} means "fsmon needs root").
 *
 * <p>The errno constants are the x86_64/generic Linux values from
 * {@code <asm-generic/errno-base.h>} and {@code <asm-generic/errno.h>}.
 */
public final class NativeException extends IOException {

    private static final long serialVersionUID = 1L;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EWOULDBLOCK = EAGAIN;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOVERFLOW = 75;
    public static final int EMSGSIZE = 90;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int ESTALE = 116;

    private final int errno;
    private final String function;
    private final String path;

    /**
     * @param function the C function that failed, e.g. {@code "fanotify_mark"}
     * @param path the path the call was given, or {@code null}
     * @param errno the errno captured from that call
     */
    public NativeException(String function, String path, int errno) {
        super(message(function, path, errno));
        this.errno = errno;
        this.function = function;
        this.path = path;
    }

    /** The errno captured from the failed call. */
    public int errno() {
        return errno;
    }

    /** The C function that failed. */
    public String function() {
        return function;
    }

    /** The path the call was given, or {@code null} when it took none. */
    public String path() {
        return path;
    }

    /** The symbolic name of {@code errno} ({@code "ENODEV"}), or {@code "errno 123"}. */
    public static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case ENXIO -> "ENXIO";
            case E2BIG -> "E2BIG";
            case EBADF -> "EBADF";
            case ECHILD -> "ECHILD";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EXDEV -> "EXDEV";
            case ENODEV -> "ENODEV";
            case ENOTDIR -> "ENOTDIR";
            case EISDIR -> "EISDIR";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            case ENOTTY -> "ENOTTY";
            case EFBIG -> "EFBIG";
            case ENOSPC -> "ENOSPC";
            case ESPIPE -> "ESPIPE";
            case EROFS -> "EROFS";
            case EPIPE -> "EPIPE";
            case ERANGE -> "ERANGE";
            case ENAMETOOLONG -> "ENAMETOOLONG";
            case ENOSYS -> "ENOSYS";
            case ENOTEMPTY -> "ENOTEMPTY";
            case ELOOP -> "ELOOP";
            case ENODATA -> "ENODATA";
            case EOVERFLOW -> "EOVERFLOW";
            case EMSGSIZE -> "EMSGSIZE";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case EADDRINUSE -> "EADDRINUSE";
            case ENOBUFS -> "ENOBUFS";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ECONNREFUSED -> "ECONNREFUSED";
            case ESTALE -> "ESTALE";
            default -> "errno " + errno;
        };
    }

    /**
     * The glibc {@code strerror} text of {@code errno}, kept in Java so messages are the same
     * on every thread and need no native call; {@code "Unknown error 123"} otherwise.
     */
    public static String errnoDescription(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case EINTR -> "Interrupted system call";
            case EIO -> "Input/output error";
            case ENXIO -> "No such device or address";
            case E2BIG -> "Argument list too long";
            case EBADF -> "Bad file descriptor";
            case ECHILD -> "No child processes";
            case EAGAIN -> "Resource temporarily unavailable";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case EFAULT -> "Bad address";
            case EBUSY -> "Device or resource busy";
            case EEXIST -> "File exists";
            case EXDEV -> "Invalid cross-device link";
            case ENODEV -> "No such device";
            case ENOTDIR -> "Not a directory";
            case EISDIR -> "Is a directory";
            case EINVAL -> "Invalid argument";
            case ENFILE -> "Too many open files in system";
            case EMFILE -> "Too many open files";
            case ENOTTY -> "Inappropriate ioctl for device";
            case EFBIG -> "File too large";
            case ENOSPC -> "No space left on device";
            case ESPIPE -> "Illegal seek";
            case EROFS -> "Read-only file system";
            case EPIPE -> "Broken pipe";
            case ERANGE -> "Numerical result out of range";
            case ENAMETOOLONG -> "File name too long";
            case ENOSYS -> "Function not implemented";
            case ENOTEMPTY -> "Directory not empty";
            case ELOOP -> "Too many levels of symbolic links";
            case ENODATA -> "No data available";
            case EOVERFLOW -> "Value too large for defined data type";
            case EMSGSIZE -> "Message too long";
            case EPROTONOSUPPORT -> "Protocol not supported";
            case EOPNOTSUPP -> "Operation not supported";
            case EAFNOSUPPORT -> "Address family not supported by protocol";
            case EADDRINUSE -> "Address already in use";
            case ENOBUFS -> "No buffer space available";
            case ETIMEDOUT -> "Connection timed out";
            case ECONNREFUSED -> "Connection refused";
            case ESTALE -> "Stale file handle";
            default -> "Unknown error " + errno;
        };
    }

    private static String message(String function, String path, int errno) {
        String where = path == null ? function : function + "(" + path + ")";
        return where + ": " + errnoDescription(errno) + " (" + errnoName(errno) + ")";
    }
}
