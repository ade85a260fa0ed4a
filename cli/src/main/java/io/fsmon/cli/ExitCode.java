package io.fsmon.cli;

/**
 * fsmon's exit codes: interface for scripts, documented in the README and in {@code --help}.
 */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A failure while running (the output closed, an unexpected error). */
    public static final int FAILURE = 1;
    /** Bad command line: unknown option, unknown event type, bad size or pattern. */
    public static final int USAGE = 2;
    /** Not root: fanotify needs CAP_SYS_ADMIN. */
    public static final int NOT_PRIVILEGED = 3;
    /** The kernel lacks a fanotify feature fsmon cannot do without. */
    public static final int KERNEL_UNSUPPORTED = 4;
    /** A path to watch does not exist. */
    public static final int PATH_NOT_FOUND = 5;
    /** The {@code -o} file cannot be written. */
    public static final int OUTPUT_UNWRITABLE = 6;
    /** A path exists but cannot be marked (filesystem refuses, permission). */
    public static final int CANNOT_WATCH = 7;
    /** No daemon answers on the control socket. */
    public static final int DAEMON_NOT_RUNNING = 8;
    /** The daemon (or its socket's folder) refused this user. */
    public static final int DENIED = 9;
    /** A daemon already runs for this runtime directory. */
    public static final int ALREADY_RUNNING = 10;
    /** The history folder does not exist (query, changes, clean). */
    public static final int HISTORY_NOT_FOUND = 11;
    /**
     * {@code status}: the daemon runs but is degraded: a watch is not watched, or the history
     * cannot be written.
     */
    public static final int DEGRADED = 12;

    private ExitCode() {
    }

    /** The exit-code section of {@code --help}. */
    static final String HELP = """
            Exit codes:
              0  success
              1  failure while running
              2  bad command line (option, event type, size, pattern)
              3  not privileged (fanotify needs root / CAP_SYS_ADMIN)
              4  kernel lacks fanotify file-id reporting (Linux >= 5.9 needed)
              5  a path to watch does not exist
              6  the -o/--output file cannot be written
              7  a path cannot be watched (filesystem or permission refuses a mark)
              8  the daemon is not running
              9  permission denied by the daemon (add/remove/stop need root; reading needs root or its group)
             10  a daemon is already running for this runtime directory
             11  the history folder does not exist (query, changes, clean)
             12  status: the daemon runs degraded (a watch not watched, the history not writable)""";

    /** The exit code for a daemon's refusal or an unreachable daemon. */
    /** The exit code of a failure of the library, one per exception type. */
    static int of(io.fsmon.api.FsmonException e) {
        return switch (e) {
            case io.fsmon.api.NotPrivilegedException x -> NOT_PRIVILEGED;
            case io.fsmon.api.KernelUnsupportedException x -> KERNEL_UNSUPPORTED;
            case io.fsmon.api.PathNotFoundException x -> PATH_NOT_FOUND;
            case io.fsmon.api.CannotWatchException x -> CANNOT_WATCH;
            case io.fsmon.api.DaemonNotRunningException x -> DAEMON_NOT_RUNNING;
            case io.fsmon.api.DaemonDeniedException x -> DENIED;
            case io.fsmon.api.HistoryNotFoundException x -> HISTORY_NOT_FOUND;
            default -> FAILURE;
        };
    }

    static int of(io.fsmon.daemon.DaemonException.Reason r) {
        return switch (r) {
            case ALREADY_RUNNING -> ALREADY_RUNNING;
            case NOT_RUNNING -> DAEMON_NOT_RUNNING;
            case DENIED -> DENIED;
            case PATH_NOT_FOUND -> PATH_NOT_FOUND;
            case CANNOT_WATCH -> CANNOT_WATCH;
            case NOT_PRIVILEGED -> NOT_PRIVILEGED;
            case USAGE -> USAGE;
            case BUSY, TOO_LARGE, FAILURE -> FAILURE;
        };
    }

    /** Prints the one-line reason of a failure of the library and returns its exit code. */
    static int report(io.fsmon.api.FsmonException e, java.io.PrintStream err) {
        err.println("fsmon: " + e.getMessage());
        return of(e);
    }

    /** Prints the one-line reason and returns its exit code. */
    static int report(io.fsmon.daemon.DaemonException e, java.io.PrintStream err) {
        err.println("fsmon: " + e.getMessage());
        return of(e.reason());
    }
}
