package io.fsmon.log;

/**
 * A line of the history that is not an event fsmon wrote: checked, because a reader of files on
 * disk must decide what to do with a damaged line (skip and count it, usually), not crash.
 */
public final class MalformedLineException extends Exception {
    private final String reason;

    public MalformedLineException(String reason) {
        this(reason, null);
    }

    public MalformedLineException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    /** Why the line was refused, as a sentence fragment ("missing event_type"). */
    public String reason() {
        return reason;
    }
}
