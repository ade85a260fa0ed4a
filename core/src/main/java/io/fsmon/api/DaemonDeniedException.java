package io.fsmon.api;

/**
 * The daemon (or the permissions of its runtime directory) refused this user: the control
 * socket serves root and the members of the daemon's group. The command line's exit code 9.
 */
public final class DaemonDeniedException extends FsmonException {
    private static final long serialVersionUID = 1L;

    DaemonDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
