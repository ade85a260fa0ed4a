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
    /**
     * The history folder does not exist (query, changes, clean). 10, leaving 8 and 9 to the
     * daemon's commands.
     */
    public static final int HISTORY_NOT_FOUND = 10;

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
             10  no history folder (query, changes, clean)""";
}
