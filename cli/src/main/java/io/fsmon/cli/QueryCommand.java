package io.fsmon.cli;

import io.fsmon.api.History;
import io.fsmon.api.HistoryNotFoundException;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fsmon query}: events from the history, with the monitor's filters. */
final class QueryCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    final HistoryOptions options = new HistoryOptions();

    /** This command's model, declared in code (see {@link Declared}). */
    CommandSpec spec() {
        CommandSpec spec = Declared.command(this, "query",
                new String[] {"Search the history the daemon wrote. Runs without the daemon, and without root where the "
                        + "history files are readable."},
                new String[] {"", "Examples:",
                        "  fsmon query --path '/etc/**' --since 7d                 who touched /etc this week?",
                        "  fsmon query --path /etc/resolv.conf --since '2026-05-01 10:00' --until '2026-05-01 11:00'",
                        "  fsmon query -t delete --user alice --since 2h -f json   alice's deletions, as JSON lines",
                        "  fsmon query --sort size --limit 10 --since 1d           the ten largest files written today",
                        "  fsmon query --cmd 'python*' --reverse --limit 20        the last 20 events by python",
                        "  fsmon query --history /srv/fsmon-central --host 'web-*' --path '/etc/**' --since 1d",
                        "                                                          a central history (fsmon collect)",
                        "", "Times: relative (45s, 30m, 2h, 7d) or local ('2026-05-01', '2026-05-01 10:00',",
                        "'2026-05-01 10:00:30') or RFC 3339 (2026-05-01T08:00:00Z). --since is inclusive, --until exclusive.",
                        "Malformed lines are skipped and counted on stderr; so are spans where the kernel or fsmon lost",
                        "events (\"results may be incomplete between ... and ...\").",
                        "", ExitCode.HELP});
        options.declare(spec);
        return spec;
    }

    QueryCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return run(out, err, options, false);
    }

    /** The body of {@code query} and {@code changes}: resolve the folder, run, print, warn. */
    static int run(PrintStream out, PrintStream err, HistoryOptions options, boolean changes) {
        Path dir;
        try {
            dir = HistoryDir.resolve(options.history, System.getenv(), err);
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (options.host != null) {
            return hosts(out, err, options, changes, dir);
        }
        return one(out, err, options, changes, dir, null).exitCode();
    }

    /** How one folder's query ended: the exit code so far and how many events it delivered. */
    private record Outcome(int exitCode, long matched) {
    }

    /** The query of every host folder of a central history that {@code --host} matches. */
    private static int hosts(PrintStream out, PrintStream err, HistoryOptions options, boolean changes, Path dir) {
        List<Path> hosts;
        try {
            hosts = HostFolders.matching(dir, options.host);
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            String problem = HistoryDir.problem(dir);
            err.println("fsmon: " + (problem != null ? problem : "cannot read " + dir + ": " + MonitorCommand.reason(e)));
            return ExitCode.HISTORY_NOT_FOUND;
        }
        long matched = 0;
        for (int i = 0; i < hosts.size(); i++) {
            Path h = hosts.get(i);
            String name = h.getFileName().toString();
            java.io.OutputStream labelled = HostFolders.labelled(out, name, options.output(), i == 0);
            Outcome o = one(new PrintStream(labelled, false, java.nio.charset.StandardCharsets.UTF_8), err, options,
                    changes, h, name);
            if (o.exitCode() != ExitCode.OK) {
                return o.exitCode();
            }
            matched += o.matched();
        }
        if (matched == 0) {
            err.println("fsmon: no events matched in " + dir + " (hosts " + options.host + ")");
        }
        return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
    }

    /** One history folder (a host's of a central history, when {@code host} is not null): its events to {@code out}. */
    private static Outcome one(PrintStream out, PrintStream err, HistoryOptions options, boolean changes, Path dir,
                               String host) {
        History history;
        History.Query query;
        try {
            history = History.open(dir);
            query = options.query(history);
        } catch (HistoryNotFoundException e) {
            String problem = HistoryDir.problem(dir); // names --history and $FSMON_HISTORY_DIR
            err.println("fsmon: " + (problem != null ? problem : e.getMessage()));
            return new Outcome(ExitCode.HISTORY_NOT_FOUND, 0);
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return new Outcome(ExitCode.USAGE, 0);
        }
        if (changes) {
            query.changes();
        }
        History.Result result;
        try {
            result = query.writeTo(out, options.output());
        } catch (IllegalArgumentException e) { // --since not before --until
            err.println("fsmon: " + e.getMessage());
            return new Outcome(ExitCode.USAGE, 0);
        } catch (IOException e) {
            out.flush();
            err.println("fsmon: cannot read the history in " + dir + ": " + MonitorCommand.reason(e));
            return new Outcome(ExitCode.FAILURE, 0);
        }
        result.warnings().forEach(w -> err.println("fsmon: " + (host == null ? "" : host + ": ") + w));
        out.flush();
        if (result.matched() == 0 && host == null) {
            err.println("fsmon: no events matched in " + dir); // so a query of the wrong folder shows
        }
        return new Outcome(out.checkError() ? ExitCode.FAILURE : ExitCode.OK, result.matched());
    }
}
