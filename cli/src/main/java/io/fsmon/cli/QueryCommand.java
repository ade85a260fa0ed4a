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
        return run(out, err, options, changes, dir);
    }

    /**
     * The history's events to {@code out}; with {@code --host}, those of the matching host folders
     * of a central history, each line saying its host ({@link History.Query#host}).
     */
    private static int run(PrintStream out, PrintStream err, HistoryOptions options, boolean changes, Path dir) {
        History history;
        History.Query query;
        try {
            history = History.open(dir);
            query = options.query(history);
            if (options.host != null) {
                query.host(options.host);
            }
        } catch (HistoryNotFoundException e) {
            String problem = HistoryDir.problem(dir); // names --history and $FSMON_HISTORY_DIR
            err.println("fsmon: " + (problem != null ? problem : e.getMessage()));
            return ExitCode.HISTORY_NOT_FOUND;
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (changes) {
            query.changes();
        }
        History.Result result;
        try {
            result = query.writeTo(out, options.output());
        } catch (IllegalArgumentException e) { // --since not before --until; no host matches --host
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            out.flush();
            err.println("fsmon: cannot read the history in " + dir + ": " + MonitorCommand.reason(e));
            return ExitCode.FAILURE;
        }
        result.warnings().forEach(w -> err.println("fsmon: " + w)); // a host's start with its name
        out.flush();
        if (result.matched() == 0) { // so a query of the wrong folder shows
            err.println("fsmon: no events matched in " + dir + (options.host == null ? "" : " (hosts " + options.host + ")"));
        }
        return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
    }
}
