package io.fsmon.api;

/**
 * fanotify refused this process: watching needs root (or {@code CAP_SYS_ADMIN}). The
 * command line's exit code 3.
 */
public final class NotPrivilegedException extends FsmonException {
    private static final long serialVersionUID = 1L;

    NotPrivilegedException(String message, Throwable cause) {
        super(message, cause);
    }
}
