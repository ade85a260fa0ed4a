package io.fsmon.cli;

import io.fsmon.daemon.DaemonSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every location of the daemon, overridable on the command line (then env, then config file). */
final class DaemonLocations extends SocketOptions {
    @Option(names = "--history", paramLabel = "DIR", description = "The history folder. Env: FSMON_HISTORY_DIR.")
    Path history;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Persisted state (the watch list). Env: FSMON_STATE_DIR.")
    Path stateDir;

    DaemonSettings.Overrides overrides() {
        return new DaemonSettings.Overrides(config, history, runtimeDir, stateDir);
    }

    /** The same locations as options for a re-executed daemon. */
    List<String> asArgs() {
        List<String> a = new ArrayList<>();
        add(a, "--config", config);
        add(a, "--history", history);
        add(a, "--runtime-dir", runtimeDir);
        add(a, "--state-dir", stateDir);
        return a;
    }

    private static void add(List<String> a, String name, Path p) {
        if (p != null) {
            a.add(name);
            a.add(p.toAbsolutePath().toString());
        }
    }
}
