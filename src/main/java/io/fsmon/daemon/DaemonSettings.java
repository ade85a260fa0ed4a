package io.fsmon.daemon;

import io.fsmon.event.Sizes;
import io.fsmon.log.Locations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon's settings: locations, retention, the group allowed to read, the watches of the
 * config file. Each location comes from, in order: the command-line option, the environment
 * ({@code FSMON_CONFIG}, {@code FSMON_HISTORY_DIR}, {@code FSMON_RUNTIME_DIR},
 * {@code FSMON_STATE_DIR}), the config file ({@code history_dir}, {@code runtime_dir},
 * {@code state_dir}), the default ({@link Locations#defaults}).
 *
 * @param keepDays  delete history files older than this many days (0: keep)
 * @param maxSize   delete the oldest history files above this many bytes (0: no limit)
 * @param group     a group whose members may read status, list and tail (null: root only)
 * @param fileLimit rotate a history file at this size
 * @param tailQueue events queued per tail subscriber before it is sent a GAP instead
 */
public record DaemonSettings(Locations locations, int keepDays, long maxSize, String group, long fileLimit,
                             List<WatchSpec> watches, int tailQueue) {

    public static final long DEFAULT_FILE_LIMIT = 64L << 20;
    public static final int DEFAULT_TAIL_QUEUE = 8192;

    /** Locations as given on the command line; nulls mean "not given". */
    public record Overrides(Path config, Path history, Path runtime, Path state) {
        public static final Overrides NONE = new Overrides(null, null, null, null);
    }

    /**
     * Reads the config file (a missing file is fine unless it was named explicitly).
     *
     * @throws IllegalArgumentException for a bad config, naming the file and the line
     */
    public static DaemonSettings load(Overrides o, Map<String, String> env, boolean root) throws IOException {
        Locations d = Locations.defaults(root, env);
        Path configFile = pick(o.config(), env.get("FSMON_CONFIG"), null, d.configFile());
        boolean explicit = o.config() != null || env.get("FSMON_CONFIG") != null;
        Map<String, Object> toml = Map.of();
        try {
            toml = Toml.parse(Files.readString(configFile));
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw new IllegalArgumentException("config file not found: " + configFile);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage());
        }
        try {
            return fromToml(toml, o, env, d, configFile);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static DaemonSettings fromToml(Map<String, Object> t, Overrides o, Map<String, String> env, Locations d,
                                           Path configFile) {
        for (String k : t.keySet()) {
            if (!List.of("history_dir", "runtime_dir", "state_dir", "keep_days", "max_size", "group", "watches",
                    "rotate_size", "tail_queue").contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "'");
            }
        }
        Locations l = new Locations(configFile,
                pick(o.state(), env.get("FSMON_STATE_DIR"), (String) t.get("state_dir"), d.stateDir()),
                pick(o.history(), env.get("FSMON_HISTORY_DIR"), (String) t.get("history_dir"), d.historyDir()),
                pick(o.runtime(), env.get("FSMON_RUNTIME_DIR"), (String) t.get("runtime_dir"), d.runtimeDir()));
        List<WatchSpec> watches = new ArrayList<>();
        Object w = t.get("watches");
        if (w != null) {
            for (Object one : (List<Object>) w) {
                watches.add(WatchSpec.fromMap((Map<String, Object>) one));
            }
        }
        return new DaemonSettings(l, (int) number(t, "keep_days", 0), size(t, "max_size", 0),
                (String) t.get("group"), size(t, "rotate_size", DEFAULT_FILE_LIMIT), List.copyOf(watches),
                (int) number(t, "tail_queue", DEFAULT_TAIL_QUEUE));
    }

    private static long number(Map<String, Object> t, String key, long dflt) {
        Object v = t.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long n && n >= 0) {
            return n;
        }
        throw new IllegalArgumentException(key + " must be a non-negative integer, not " + v);
    }

    private static long size(Map<String, Object> t, String key, long dflt) {
        Object v = t.get(key);
        if (v instanceof String s) {
            try {
                return Sizes.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }
        return number(t, key, dflt);
    }

    private static Path pick(Path option, String env, String config, Path dflt) {
        if (option != null) {
            return option.toAbsolutePath();
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        if (config != null) {
            return Path.of(config).toAbsolutePath();
        }
        return dflt;
    }

    /**
     * The control socket a client should use: the runtime directory from the option, the
     * environment, the config file if readable, else the default.
     */
    public static Path socketFor(Path runtimeOption, Path configOption, Map<String, String> env, boolean root) {
        if (runtimeOption != null || env.get("FSMON_RUNTIME_DIR") != null) {
            return pick(runtimeOption, env.get("FSMON_RUNTIME_DIR"), null, null).resolve("fsmon.sock");
        }
        try {
            return load(new Overrides(configOption, null, null, null), env, root).locations().socket();
        } catch (IOException | IllegalArgumentException e) {
            return Locations.defaults(root, env).socket();
        }
    }
}
