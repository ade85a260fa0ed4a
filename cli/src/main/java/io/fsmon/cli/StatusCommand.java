package io.fsmon.cli;

import io.fsmon.api.DaemonClient;
import io.fsmon.api.DaemonNotRunningException;
import io.fsmon.api.DaemonStatus;
import io.fsmon.api.DaemonWatch;
import io.fsmon.api.FsmonException;
import io.fsmon.daemon.ControlCodec;
import io.fsmon.filter.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fsmon status}: is the daemon running, and how is it doing. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpAutoWidth = true,
        description = "Show whether the daemon runs, its pid, uptime, watches, counters, history and memory. "
                + "Exit code 8 when it is not running, 12 when it runs degraded: a watch is not watched, "
                + "or the history cannot be written.",
        footer = {"", ExitCode.HELP})
final class StatusCommand implements Callable<Integer> {
    enum Format { HUMAN, JSON }

    private final PrintStream out;
    private final PrintStream err;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "human",
            description = "human or json (default: ${DEFAULT-VALUE}).")
    Format format;

    final SocketOptions socket = new SocketOptions();

    StatusCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        DaemonStatus s;
        try (DaemonClient daemon = DaemonClient.connect(socket.runtime())) {
            s = daemon.status();
        } catch (FsmonException e) {
            if (e instanceof DaemonNotRunningException && format == Format.JSON) {
                out.println(ControlCodec.notRunningDocument(e.getMessage()));
                out.flush();
            }
            return ExitCode.report(e, err);
        }
        if (format == Format.JSON) {
            out.println(s.toJson());
        } else {
            human(s);
        }
        out.flush();
        return s.healthy() ? ExitCode.OK : ExitCode.DEGRADED;
    }

    private void human(DaemonStatus s) {
        out.printf("fsmon daemon: running (pid %s, up %s, version %s, commit %s)%n", s.pid(), uptime(s.uptime().toSeconds()),
                s.version(), s.commit().orElse("unknown"));
        List<DaemonWatch> watches = s.watches();
        out.println("watches: " + (watches.isEmpty() ? "none (add one with 'fsmon add PATH -r')" : watches.size()));
        for (DaemonWatch w : watches) {
            out.println("  " + watchLine(w));
            for (String m : w.marked()) {
                out.println("      " + m);
            }
        }
        DaemonStatus.Counters c = s.counters();
        StringBuilder types = new StringBuilder();
        c.byType().forEach((t, n) -> types.append(types.isEmpty() ? "" : ", ").append(t.name()).append(' ').append(n));
        out.println("events: " + c.events() + (types.isEmpty() ? "" : " (" + types + ")"));
        out.println("lost: " + c.overflows() + " overflows, " + c.unresolved() + " unresolved paths, "
                + c.droppedToSubscribers() + " events dropped to slow subscribers, "
                + c.historyDropped() + " dropped by the history (disk full)"
                + (c.monitorRestarts() > 0 ? ", " + c.monitorRestarts() + " monitor restarts (a GAP in the history each)" : ""));
        out.println("clients: " + c.connections() + " connected, " + c.connectionsRefused() + " refused");
        DaemonStatus.HistoryFiles h = s.history();
        out.println("history: " + h.directory() + ", " + (h.files().isPresent() ? h.files().getAsLong() : null) + " files, "
                + Sizes.human(h.bytes().orElse(0L))
                + (h.first().isPresent() ? ", " + h.first().get() + " .. " + h.last().orElse(null) : "")
                + (h.failing() ? " — WRITES FAILING" : ""));
        s.shipping().ifPresent(ship -> out.println(shipLine(ship)));
        if (s.rssBytes().isPresent()) {
            out.println("memory: " + Sizes.human(s.rssBytes().getAsLong()) + " RSS");
        }
        for (String p : s.problems()) {
            out.println("DEGRADED: " + p);
        }
    }

    /**
     * {@code ship: kafka H:P T, connected, 0 behind}, or
     * {@code ship: ..., unreachable since 10:02:11 (why), 48,210 events (12 MiB) behind, oldest ...}.
     */
    static String shipLine(DaemonStatus.Shipping ship) {
        String state = ship.state();
        if (ship.since().isPresent()) {
            state += " since " + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                    .format(ship.since().get().atZone(java.time.ZoneId.systemDefault()))
                    + ship.error().map(e -> " (" + e.replaceFirst("^unreachable: ", "") + ")").orElse("");
        }
        String behind = ship.lagEvents() == 0 ? "0 behind"
                : String.format("%,d events (%s) behind", ship.lagEvents(), Sizes.human(ship.lagBytes()))
                + ship.oldestUnsent().map(t -> ", oldest " + t).orElse("");
        return "ship: " + ship.target() + ", " + state + ", " + behind
                + (ship.lostToRetention().isPresent() ? "; " + ship.lostToRetention().getAsLong()
                        + " unsent events deleted by retention (a GAP is shipped)" : "")
                + (ship.cutCommands() > 0 ? String.format("; %,d shipped with the command line cut to fit a record",
                        ship.cutCommands()) : "");
    }

    static String watchLine(DaemonWatch w) {
        return w.description() + (w.fromConfig() ? "   (config file)" : "")
                + (w.restarts() > 0 ? "   (monitor restarted " + w.restarts() + (w.restarts() == 1 ? " time)" : " times)") : "")
                + w.error().map(e -> "   NOT WATCHED: " + e).orElse("");
    }

    private static String uptime(long s) {
        return s >= 86400 ? s / 86400 + "d " + s % 86400 / 3600 + "h"
                : s >= 3600 ? s / 3600 + "h " + s % 3600 / 60 + "m"
                : s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
    }
}
