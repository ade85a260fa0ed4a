package io.fsmon.daemon;

import io.fsmon.log.Locations;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
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
 * @param metrics   where to serve Prometheus metrics, {@code [HOST:]PORT} as written (null: off)
 * @param ship      where to ship the history ({@code [ship]}; null: not shipped)
 */
public record DaemonSettings(Locations locations, int keepDays, long maxSize, String group, long fileLimit,
                             List<WatchSpec> watches, int tailQueue, String metrics, ShipSettings ship) {

    /** These settings, shipping as {@code ship} says (null: not shipping). */
    public DaemonSettings withShip(ShipSettings ship) {
        return new DaemonSettings(locations, keepDays, maxSize, group, fileLimit, watches, tailQueue, metrics, ship);
    }

    public static final long DEFAULT_FILE_LIMIT = 64L << 20;
    public static final int DEFAULT_TAIL_QUEUE = 8192;

    /** Locations as given on the command line; nulls mean "not given". */
    public record Overrides(Path config, Path history, Path runtime, Path state) {
        public static final Overrides NONE = new Overrides(null, null, null, null);
    }

    private static final List<String> KEYS = List.of("history_dir", "runtime_dir", "state_dir", "keep_days", "max_size",
            "group", "watches", "rotate_size", "tail_queue", "metrics", "ship");

    /**
     * Reads the config file (a missing file is fine unless it was named explicitly).
     *
     * @throws IllegalArgumentException for a bad config, in one line naming the file and the line
     */
    public static DaemonSettings load(Overrides o, Map<String, String> env, boolean root) throws IOException {
        Locations d = Locations.defaults(root, env);
        Path configFile = pick(o.config(), env.get("FSMON_CONFIG"), null, d.configFile());
        boolean explicit = o.config() != null || env.get("FSMON_CONFIG") != null;
        byte[] text = new byte[0];
        try {
            text = Files.readAllBytes(configFile);
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw new IllegalArgumentException("config file not found: " + configFile);
            }
        } catch (IOException e) {
            throw new IOException("cannot read " + configFile + ": " + (e instanceof AccessDeniedException
                    ? "permission denied" : e.getMessage()), e);
        }
        return parse(text, configFile, o, env, root);
    }

    /**
     * The settings a config file's bytes give, with the command line's and the environment's
     * overrides: the one entry point from config text to settings (fuzzed through it).
     *
     * @param configFile named in errors, and kept in the locations
     * @throws IllegalArgumentException "FILE: line N: what is wrong", and nothing else
     */
    public static DaemonSettings parse(byte[] text, Path configFile, Overrides o, Map<String, String> env, boolean root) {
        try {
            return fromToml(Toml.parse(text), o, env, Locations.defaults(root, env), configFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage());
        }
    }

    private static DaemonSettings fromToml(Toml.Table t, Overrides o, Map<String, String> env, Locations d,
                                           Path configFile) {
        ConfigTable c = new ConfigTable(t, "", 0);
        c.allowOnly(KEYS);
        Locations l = new Locations(configFile,
                pick(o.state(), env.get("FSMON_STATE_DIR"), c.folder("state_dir"), d.stateDir()),
                pick(o.history(), env.get("FSMON_HISTORY_DIR"), c.folder("history_dir"), d.historyDir()),
                pick(o.runtime(), env.get("FSMON_RUNTIME_DIR"), c.folder("runtime_dir"), d.runtimeDir()));
        List<WatchSpec> watches = new ArrayList<>();
        for (Toml.Table w : c.tables("watches")) {
            watches.add(new ConfigTable(w, "in a watch", t.line("watches")).watch());
        }
        return new DaemonSettings(l, (int) c.count("keep_days", 0, Integer.MAX_VALUE), c.size("max_size", 0),
                c.string("group"), c.size("rotate_size", DEFAULT_FILE_LIMIT), List.copyOf(watches),
                (int) c.count("tail_queue", DEFAULT_TAIL_QUEUE, Integer.MAX_VALUE),
                t.get("metrics") instanceof Long port ? String.valueOf(port) : c.string("metrics"), // checked in metrics
                ShipSettings.from(c.table("ship"), t.line("ship")));
    }

    /**
     * Checks that the configured group exists, before the daemon gives it its folders (a check
     * every client reading the config need not pay for).
     *
     * @throws IllegalArgumentException "FILE: line N: group 'x' does not exist"
     */
    public void checkGroup() {
        if (group == null) {
            return;
        }
        String what;
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            return;
        } catch (UserPrincipalNotFoundException e) {
            what = "group '" + group + "' does not exist";
        } catch (IOException e) {
            what = "cannot look up group '" + group + "': " + e.getMessage();
        }
        int line = 0;
        try {
            line = Toml.parse(Files.readAllBytes(locations.configFile())).line("group");
        } catch (IOException | IllegalArgumentException e) {
            // the file changed since: the error names no line
        }
        throw new IllegalArgumentException(locations.configFile() + ": " + (line > 0 ? "line " + line + ": " : "") + what);
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
     *
     * @throws IllegalArgumentException the config file is broken (its one-line error): a client
     *                                  must not quietly look for the daemon somewhere else
     */
    public static Path socketFor(Path runtimeOption, Path configOption, Map<String, String> env, boolean root) {
        if (runtimeOption != null || env.get("FSMON_RUNTIME_DIR") != null) {
            return pick(runtimeOption, env.get("FSMON_RUNTIME_DIR"), null, null).resolve("fsmon.sock");
        }
        try {
            return load(new Overrides(configOption, null, null, null), env, root).locations().socket();
        } catch (IOException e) {
            return Locations.defaults(root, env).socket();
        }
    }
}
