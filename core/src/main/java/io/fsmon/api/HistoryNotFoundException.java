package io.fsmon.api;

/**
 * The folder given as a history holds no history fsmon wrote, or cannot be read. The command
 * line's exit code 11.
 */
public final class HistoryNotFoundException extends FsmonException {
    private static final long serialVersionUID = 1L;

    HistoryNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
