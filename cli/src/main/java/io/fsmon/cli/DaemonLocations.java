package io.fsmon.cli;

import io.fsmon.daemon.DaemonSettings;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every location of the daemon, overridable on the command line (then env, then config file). */
final class DaemonLocations extends SocketOptions {
    Path history;
    Path stateDir;

    @Override
    public void declare(CommandSpec spec) {
        super.declare(spec);
        spec.addOption(Declared.option(() -> history, v -> history = v, "--history").paramLabel("DIR").type(Path.class)
                .description("The history folder. Env: FSMON_HISTORY_DIR.").build());
        spec.addOption(Declared.option(() -> stateDir, v -> stateDir = v, "--state-dir").paramLabel("DIR").type(Path.class)
                .description("Persisted state (the watch list). Env: FSMON_STATE_DIR.").build());
    }

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
