package io.fsmon.cli;

import io.fsmon.daemon.DaemonSettings;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;

/** Where a client finds the daemon: {@code --runtime-dir}, else {@code FSMON_RUNTIME_DIR}, else the config file's, else the default. */
class SocketOptions implements Declared.Group {
    Path runtimeDir;
    Path config;

    @Override
    public void declare(CommandSpec spec) {
        spec.addOption(Declared.option(() -> runtimeDir, v -> runtimeDir = v, "--runtime-dir").paramLabel("DIR")
                .type(Path.class)
                .description("The daemon's runtime directory (control socket, lock). Env: FSMON_RUNTIME_DIR.").build());
        spec.addOption(Declared.option(() -> config, v -> config = v, "--config").paramLabel("FILE").type(Path.class)
                .description("The config file (TOML). Env: FSMON_CONFIG.").build());
    }

    Path socket() {
        // The daemon always runs as root (fanotify needs it), so a client of any user looks for it
        // in root's places (/run/fsmon), not in its own XDG folders.
        try {
            return DaemonSettings.socketFor(runtimeDir, config, System.getenv(), true);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage()); // a broken config file: said, not skipped for the default socket
        }
    }

    Path runtime() {
        return socket().getParent();
    }
}
