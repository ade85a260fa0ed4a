package io.fsmon.log;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where fsmon keeps its files. Root uses the FHS places, anyone else the XDG ones; every location
 * can be overridden (options, config), so tests run in temporary folders.
 *
 * @param configFile the TOML config file
 * @param stateDir   persisted state (the watch list)
 * @param historyDir the event history
 * @param runtimeDir the control socket and the lock (mode 0700)
 */
public record Locations(Path configFile, Path stateDir, Path historyDir, Path runtimeDir) {

    /** The default places for a user ({@code root}: uid 0) with environment {@code env}. */
    public static Locations defaults(boolean root, Map<String, String> env) {
        if (root) {
            return new Locations(Path.of("/etc/fsmon/fsmon.toml"), Path.of("/var/lib/fsmon"),
                    Path.of("/var/lib/fsmon/history"), Path.of("/run/fsmon"));
        }
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path config = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config"));
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state"));
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path run = runtime != null && !runtime.isBlank() ? Path.of(runtime).resolve("fsmon")
                : state.resolve("fsmon/run");
        return new Locations(config.resolve("fsmon/fsmon.toml"), state.resolve("fsmon"),
                state.resolve("fsmon/history"), run);
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        return v != null && !v.isBlank() && v.startsWith("/") ? Path.of(v) : fallback;
    }

    /** The control socket. */
    public Path socket() {
        return runtimeDir.resolve("fsmon.sock");
    }

    /** The persisted watch list. */
    public Path watchList() {
        return stateDir.resolve("watches.json");
    }
}
