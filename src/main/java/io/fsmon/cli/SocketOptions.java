package io.fsmon.cli;

import io.fsmon.daemon.DaemonSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a client finds the daemon: {@code --runtime-dir}, else {@code FSMON_RUNTIME_DIR}, else the config file's, else the default. */
class SocketOptions {
    @Option(names = "--runtime-dir", paramLabel = "DIR",
            description = "The daemon's runtime directory (control socket, lock). Env: FSMON_RUNTIME_DIR.")
    Path runtimeDir;

    @Option(names = "--config", paramLabel = "FILE", description = "The config file (TOML). Env: FSMON_CONFIG.")
    Path config;

    Path socket() {
        // The daemon always runs as root (fanotify needs it), so a client of any user looks for it
        // in root's places (/run/fsmon), not in its own XDG folders.
        return DaemonSettings.socketFor(runtimeDir, config, System.getenv(), true);
    }

    Path runtime() {
        return socket().getParent();
    }
}
