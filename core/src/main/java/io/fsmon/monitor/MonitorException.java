package io.fsmon.monitor;

/**
 * The monitor could not start. {@link #reason()} lets the command line pick an exit code; the
 * message is a sentence a user can act on.
 */
public final class MonitorException extends Exception {
    /** Why the monitor could not start. */
    public enum Reason { NOT_PRIVILEGED, KERNEL_UNSUPPORTED, PATH_NOT_FOUND, CANNOT_WATCH, RUNTIME }

    private final Reason reason;

    public MonitorException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public MonitorException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
