package io.fsmon.api;

/**
 * No fsmon daemon answers on the control socket of the runtime directory asked for. The
 * command line's exit code 8.
 */
public final class DaemonNotRunningException extends FsmonException {
    private static final long serialVersionUID = 1L;

    DaemonNotRunningException(String message, Throwable cause) {
        super(message, cause);
    }
}
