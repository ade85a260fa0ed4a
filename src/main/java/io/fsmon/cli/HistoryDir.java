package io.fsmon.cli;

import io.fsmon.linux.Unistd;
import io.fsmon.log.Locations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which history folder {@code query}, {@code changes} and {@code clean} read: {@code --history},
 * else {@code $FSMON_HISTORY}, else the default place for root (FHS) or the user (XDG).
 */
final class HistoryDir {
    static final String ENV = "FSMON_HISTORY";

    private HistoryDir() {
    }

    static Path resolve(Path option, Map<String, String> env) {
        if (option != null) {
            return option;
        }
        String v = env.get(ENV);
        if (v != null && !v.isBlank()) {
            return Path.of(v);
        }
        return Locations.defaults(Unistd.geteuid() == 0, env).historyDir();
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
