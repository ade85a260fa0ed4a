package io.fsmon.api;

/**
 * The kernel or the filesystem refused to watch a path that exists (a filesystem fanotify
 * cannot mark, such as {@code /proc}, or the limit of marks reached). The command line's exit code 7.
 */
public final class CannotWatchException extends FsmonException {
    private static final long serialVersionUID = 1L;

    CannotWatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
