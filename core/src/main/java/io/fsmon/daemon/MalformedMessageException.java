package io.fsmon.daemon;

/**
 * A control-socket line (or the persisted watch list) that is not a message this build reads:
 * not JSON, not an object, an unknown operation or version, a member of the wrong type, a watch
 * or filter its own rules refuse. Checked, because what arrives on a socket is outside input: the
 * server answers it as a bad request, the client says the daemon's answer cannot be read.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
