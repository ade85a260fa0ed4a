package io.fsmon.api;

/**
 * A path to watch (or to add to the daemon's watches) does not exist. The command line's exit
 * code 5.
 */
public final class PathNotFoundException extends FsmonException {
    private static final long serialVersionUID = 1L;

    PathNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
