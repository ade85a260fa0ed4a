package io.fsmon.cli;

import io.fsmon.api.DaemonClient;
import io.fsmon.api.DaemonNotRunningException;
import io.fsmon.api.FileWatcher;
import io.fsmon.api.FsmonException;
import io.fsmon.api.WatchSpec;
import io.fsmon.daemon.DaemonException;
import io.fsmon.daemon.DaemonSettings;
import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import io.fsmon.monitor.MonitorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code fsmon add PATH...}: the running daemon starts watching, and remembers it across restarts. */
@Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Make the running daemon watch PATH (same options as 'monitor'); persisted across restarts. Needs root.",
        footer = {"", "Examples:", "  sudo fsmon add /etc -r", "  sudo fsmon add /var/www -r -t create,delete -e '*.tmp'",
                "", ExitCode.HELP})
final class AddCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to watch. A name that is not UTF-8 may be written as fsmon prints it: \\xNN for a byte, \\\\ for a backslash.")
    List<Path> paths;

    @Option(names = {"-r", "--recursive"}, description = "Watch whole trees, not only direct children.")
    boolean recursive;

    final FilterOptions filter = new FilterOptions();

    @Option(names = "--marks", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (filesystem mark, else per-directory), filesystem, or inode.")
    MonitorConfig.MarkMode markMode;

    final SocketOptions socket = new SocketOptions();

    AddCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        return addAll(paths, recursive, filter.types(EventType.DEFAULTS), filter, markMode, socket, false, out, err);
    }

    /** Adds every path; with {@code start} first starts a background daemon when none answers. */
    static int addAll(List<Path> paths, boolean recursive, Set<EventType> types, FilterOptions filter,
                      MonitorConfig.MarkMode marks, SocketOptions where, boolean start, PrintStream out, PrintStream err)
            throws InterruptedException {
        try {
            DaemonClient daemon;
            try {
                daemon = DaemonClient.connect(where.runtime());
            } catch (DaemonNotRunningException e) {
                if (!start) {
                    throw e;
                }
                DaemonLocations l = where instanceof DaemonLocations d ? d : new DaemonLocations();
                DaemonSettings s = DaemonSettings.load(l.overrides(), System.getenv(), true);
                s.checkGroup();
                long pid = DaemonCommand.detach(l, s);
                err.println("fsmon: daemon started in the background (pid " + pid + ")");
                daemon = DaemonClient.connect(s.locations().runtimeDir());
            }
            try (DaemonClient d = daemon) {
                for (Path p : RawArguments.exact(paths)) {
                    WatchSpec spec = new WatchSpec(p.toAbsolutePath().normalize(), recursive, types, filter.excludePatterns(),
                            filter.minSize == null ? OptionalLong.empty() : OptionalLong.of(filter.minSize), filter.pids,
                            Optional.ofNullable(filter.cmd).map(Glob::pattern), filter.users,
                            FileWatcher.MarkMode.valueOf(marks.name()));
                    d.add(spec).forEach(out::println);
                }
            }
            out.flush();
            return ExitCode.OK;
        } catch (FsmonException e) {
            return ExitCode.report(e, err);
        } catch (DaemonException e) {
            return ExitCode.report(e, err); // starting the daemon failed
        } catch (IOException | IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
    }
}
