package io.fsmon.daemon;

/** Why the daemon could not start, or why the daemon refused or could not be reached. */
public final class DaemonException extends Exception {
    /** Stable reasons; the command line maps them to exit codes. */
    public enum Reason {
        /** Another daemon holds the runtime directory's lock. */
        ALREADY_RUNNING,
        /** No daemon answers on the control socket. */
        NOT_RUNNING,
        /** The daemon (or the socket's folder) refused this user. */
        DENIED,
        /** A bad request: a path that does not exist, an unknown watch. */
        PATH_NOT_FOUND,
        /** The kernel or filesystem refused to watch. */
        CANNOT_WATCH,
        /** The daemon needs root to run fanotify. */
        NOT_PRIVILEGED,
        /** A bad config file or a bad request (the protocol's {@code usage}). */
        USAGE,
        /** The daemon serves as many connections as it may (or this user holds its share): try again later. */
        BUSY,
        /** A request longer than the daemon reads. */
        TOO_LARGE,
        /** Anything else. */
        FAILURE
    }

    private final Reason reason;

    public DaemonException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DaemonException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
