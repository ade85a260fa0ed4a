package io.fsmon.api;

import java.io.IOException;

/**
 * Why fsmon could not do what it was asked, in a sentence a user can act on ({@link #getMessage()}).
 * The subclasses name the cases a caller may want to tell apart, as the command line's exit codes
 * do; an instance of this class itself is any other failure (the command line's exit code 1).
 */
public sealed class FsmonException extends IOException
        permits NotPrivilegedException, KernelUnsupportedException, PathNotFoundException, CannotWatchException,
        DaemonNotRunningException, DaemonDeniedException, HistoryNotFoundException {
    private static final long serialVersionUID = 1L;

    FsmonException(String message, Throwable cause) {
        super(message, cause);
    }
}
