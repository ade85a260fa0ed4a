package io.fsmon.cli;

import io.fsmon.daemon.Launcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fsmon service}: the hardened systemd unit, printed or installed. */
@Command(name = "service", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpAutoWidth = true,
        description = "Print the systemd unit for the daemon (Type=notify, watchdog, least capabilities, read-only "
                + "system); with --install write it to the unit folder.",
        footer = {"", "Then: systemctl daemon-reload && systemctl enable --now fsmon", "", ExitCode.HELP})
final class ServiceCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--install", description = "Write the unit to DIR/fsmon.service instead of printing it.")
    boolean install;

    @Option(names = "--unit-dir", paramLabel = "DIR", defaultValue = "/etc/systemd/system",
            description = "Where --install writes (default: ${DEFAULT-VALUE}).")
    Path unitDir;

    @Option(names = "--exec", paramLabel = "COMMAND",
            description = "The command that starts fsmon (default: the installed launcher, PREFIX/bin/fsmon daemon, "
                    + "for a package or an unpacked tarball; from a clone, this Java and class path running the daemon).")
    String exec;

    ServiceCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String unit = unit(exec != null ? exec : defaultExec());
        if (!install) {
            out.print(unit);
            out.flush();
            return ExitCode.OK;
        }
        Path target = unitDir.resolve("fsmon.service");
        try {
            Files.createDirectories(unitDir);
            Files.writeString(target, unit);
        } catch (IOException e) {
            err.println("fsmon: cannot write " + target + ": " + e.getMessage());
            return ExitCode.OUTPUT_UNWRITABLE;
        }
        out.println("installed " + target);
        out.println("now run: systemctl daemon-reload && systemctl enable --now fsmon");
        out.flush();
        return ExitCode.OK;
    }

    private static String defaultExec() {
        // Installed: its launcher, which gives the daemon the package's flags, caches and native lz4.
        java.util.Optional<Path> installed = Launcher.installedLauncher();
        if (installed.isPresent()) {
            String l = installed.get().toString();
            return (l.matches(".*\\s.*") ? '"' + l + '"' : l) + " daemon"; // systemd splits ExecStart at spaces
        }
        // The launcher's flags for the daemon, from the same file (see daemon/Launcher).
        java.util.List<String> cmd = new java.util.ArrayList<>(Launcher.javaCommand(DaemonCommand.MAIN));
        cmd.add("daemon");
        return String.join(" ", cmd);
    }

    static String unit(String exec) {
        return """
                [Unit]
                Description=fsmon: who changed this file? (fanotify file monitor with a history)
                Documentation=man:fsmon(1)
                After=local-fs.target

                [Service]
                # fsmon sends READY=1 once its watches are placed and the control socket listens,
                # then WATCHDOG=1 every second from its event loop.
                Type=notify
                NotifyAccess=main
                ExecStart=%s
                # SIGTERM is a clean stop: the kernel queue is drained, the history written and fsynced.
                KillSignal=SIGTERM
                TimeoutStopSec=30s
                Restart=on-failure
                RestartSec=2s
                WatchdogSec=30s
                RuntimeDirectory=fsmon
                RuntimeDirectoryMode=0700
                StateDirectory=fsmon
                ConfigurationDirectory=fsmon

                # Least privilege. Only what fanotify and attribution need:
                #   CAP_SYS_ADMIN       fanotify_init with FAN_REPORT_FID and pids, filesystem marks
                #   CAP_DAC_READ_SEARCH open_by_handle_at, to turn a file handle back into a path
                #   CAP_SYS_PTRACE      read /proc/PID/exe, cmdline and status of other users' processes
                CapabilityBoundingSet=CAP_SYS_ADMIN CAP_DAC_READ_SEARCH CAP_SYS_PTRACE
                NoNewPrivileges=yes
                # The whole system read-only, except fsmon's own state and runtime folders.
                ProtectSystem=strict
                ReadWritePaths=/var/lib/fsmon /run/fsmon
                ProtectHome=read-only
                # No PrivateTmp: the daemon must see (and name) the real /tmp it may be asked to watch.
                ProtectKernelModules=yes
                ProtectKernelLogs=yes
                ProtectControlGroups=yes
                ProtectClock=yes
                # IP sockets only for the Prometheus endpoint, when the config's metrics key asks for it.
                RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6
                RestrictNamespaces=yes
                RestrictRealtime=yes
                RestrictSUIDSGID=yes
                LockPersonality=yes
                SystemCallArchitectures=native
                # No MemoryDenyWriteExecute: the JVM's JIT writes code it then runs.
                UMask=0027

                [Install]
                WantedBy=multi-user.target
                """.formatted(exec);
    }
}
