package io.fsmon.cli;

import io.fsmon.daemon.DaemonSettings;
import io.fsmon.linux.Unistd;
import io.fsmon.log.Locations;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which history folder {@code query}, {@code changes} and {@code clean} read: the one the daemon
 * writes, found the daemon's way: {@code --history}, else {@code $FSMON_HISTORY_DIR}, else the
 * config file's {@code history_dir}, else the default place for root (FHS) or the user (XDG).
 * {@code $FSMON_HISTORY}, the name these commands once read, is still taken, with a note.
 */
final class HistoryDir {
    static final String ENV = "FSMON_HISTORY_DIR";
    static final String OLD_ENV = "FSMON_HISTORY";

    private HistoryDir() {
    }

    /**
     * @param err where the deprecation note of {@code $FSMON_HISTORY} goes
     * @throws IllegalArgumentException the config file is broken (its one-line error)
     */
    static Path resolve(Path option, Map<String, String> env, PrintStream err) {
        if (option != null) {
            return option;
        }
        String old = env.get(OLD_ENV);
        if (old != null && !old.isBlank() && isBlank(env.get(ENV))) {
            err.println("fsmon: $" + OLD_ENV + " is deprecated; set $" + ENV + " (as the daemon reads it) instead");
            return Path.of(old);
        }
        boolean root = Unistd.geteuid() == 0;
        try {
            return DaemonSettings.load(DaemonSettings.Overrides.NONE, env, root).locations().historyDir();
        } catch (IOException e) {
            // an unreadable config file: the environment or the default, as if there were none
            String v = env.get(ENV);
            return isBlank(v) ? Locations.defaults(root, env).historyDir() : Path.of(v).toAbsolutePath();
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The one-line complaint when the folder is missing or not a folder, or null when it is fine. */
    static String problem(Path dir) {
        if (!Files.exists(dir)) {
            return "no history at " + dir + " (start 'fsmon daemon', or name the folder with --history DIR or $" + ENV + ")";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a folder (--history names the folder holding events-*.jsonl)";
        }
        if (!Files.isReadable(dir)) {
            return "cannot read " + dir + ": permission denied";
        }
        return null;
    }
}
