package io.fsmon.cli;

import io.fsmon.daemon.ControlClient;
import io.fsmon.daemon.DaemonException;
import io.fsmon.daemon.Messages;
import io.fsmon.filter.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Object> s;
        try {
            s = ControlClient.request(socket.socket(), Messages.request("status"));
        } catch (DaemonException e) {
            if (e.reason() == DaemonException.Reason.NOT_RUNNING && format == Format.JSON) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("running", false);
                m.put("error", e.getMessage());
                out.println(Messages.write(m));
                out.flush();
            }
            return ExitCode.report(e, err);
        }
        if (format == Format.JSON) {
            s.remove("ok");
            out.println(Messages.write(s));
        } else {
            human(s);
        }
        out.flush();
        // A daemon that does not say (an older build) is taken at its word that it runs.
        return Boolean.FALSE.equals(s.get("healthy")) ? ExitCode.DEGRADED : ExitCode.OK;
    }

    @SuppressWarnings("unchecked")
    private void human(Map<String, Object> s) {
        out.printf("fsmon daemon: running (pid %s, up %s, version %s, commit %s)%n", s.get("pid"),
                uptime(((Number) s.get("uptime_seconds")).longValue()), s.get("version"),
                s.getOrDefault("commit", "unknown"));
        List<Map<String, Object>> watches = (List<Map<String, Object>>) s.get("watches");
        out.println("watches: " + (watches.isEmpty() ? "none (add one with 'fsmon add PATH -r')" : watches.size()));
        for (Map<String, Object> w : watches) {
            out.println("  " + watchLine(w));
            for (Object m : (List<Object>) w.getOrDefault("marked", List.of())) {
                out.println("      " + m);
            }
        }
        Map<String, Object> c = (Map<String, Object>) s.get("counters");
        StringBuilder types = new StringBuilder();
        c.forEach((k, v) -> {
            if (k.startsWith("type.")) {
                types.append(types.isEmpty() ? "" : ", ").append(k.substring(5)).append(' ').append(v);
            }
        });
        out.println("events: " + c.get("events") + (types.isEmpty() ? "" : " (" + types + ")"));
        out.println("lost: " + c.get("overflows") + " overflows, " + c.get("unresolved") + " unresolved paths, "
                + c.get("dropped_to_subscribers") + " events dropped to slow subscribers, "
                + c.get("history_dropped") + " dropped by the history (disk full)"
                + (c.get("monitor_restarts") instanceof Number n && n.longValue() > 0
                        ? ", " + n + " monitor restarts (a GAP in the history each)" : ""));
        if (c.get("connections") != null) {
            out.println("clients: " + c.get("connections") + " connected, " + c.get("connections_refused") + " refused");
        }
        Map<String, Object> h = (Map<String, Object>) s.get("history");
        out.println("history: " + h.get("dir") + ", " + h.get("files") + " files, "
                + Sizes.human(((Number) h.getOrDefault("bytes", 0L)).longValue())
                + (h.get("first") != null ? ", " + h.get("first") + " .. " + h.get("last") : "")
                + (Boolean.TRUE.equals(h.get("failing")) ? " — WRITES FAILING" : ""));
        if (s.get("rss_bytes") instanceof Number rss) {
            out.println("memory: " + Sizes.human(rss.longValue()) + " RSS");
        }
        for (Object p : (List<Object>) s.getOrDefault("problems", List.of())) {
            out.println("DEGRADED: " + p);
        }
    }

    static String watchLine(Map<?, ?> w) {
        return w.get("options") + ("config".equals(w.get("source")) ? "   (config file)" : "")
                + (w.get("restarts") instanceof Number n && n.longValue() > 0
                        ? "   (monitor restarted " + n + (n.longValue() == 1 ? " time)" : " times)") : "")
                + (w.get("error") != null ? "   NOT WATCHED: " + w.get("error") : "");
    }

    private static String uptime(long s) {
        return s >= 86400 ? s / 86400 + "d " + s % 86400 / 3600 + "h"
                : s >= 3600 ? s / 3600 + "h " + s % 3600 / 60 + "m"
                : s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
    }
}
