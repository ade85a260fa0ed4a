package io.fsmon.api;

/**
 * The running kernel lacks what fsmon needs: fanotify with file ids and names (Linux 5.9
 * or later, {@code CONFIG_FANOTIFY}). The command line's exit code 4.
 */
public final class KernelUnsupportedException extends FsmonException {
    private static final long serialVersionUID = 1L;

    KernelUnsupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
