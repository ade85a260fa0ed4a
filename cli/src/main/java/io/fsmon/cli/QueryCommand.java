package io.fsmon.cli;

import io.fsmon.event.FileEvent;
import io.fsmon.history.Match;
import io.fsmon.history.Query;
import io.fsmon.history.QueryEngine;
import io.fsmon.history.QueryReport;
import io.fsmon.log.EventFormat;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.nio.file.Path;
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
        Query q;
        try {
            q = options.query();
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
        Path dir;
        try {
            dir = HistoryDir.resolve(options.history, System.getenv(), err);
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
        String problem = HistoryDir.problem(dir);
        if (problem != null) {
            err.println("fsmon: " + problem);
            return ExitCode.HISTORY_NOT_FOUND;
        }
        EventFormat format = options.format;
        if (format.header() != null) {
            out.println(format.header());
        }
        QueryEngine engine = new QueryEngine(new HistoryLayout(dir));
        // one write per 64 KiB, not per line (the PrintStream writes each println through)
        BufferedOutputStream lines = new BufferedOutputStream(out, 1 << 16);
        QueryReport report;
        try {
            if (changes) {
                report = engine.changes(q, e -> print(lines, format, e));
            } else if (format instanceof JsonLines) {
                report = engine.queryLines(q, m -> print(lines, format, m));
            } else {
                report = engine.query(q, e -> print(lines, format, e));
            }
            lines.flush();
        } catch (IOException e) {
            flushQuietly(lines);
            out.flush();
            err.println("fsmon: cannot read the history in " + dir + ": " + MonitorCommand.reason(e));
            return ExitCode.FAILURE;
        }
        out.flush();
        report.warnings().forEach(w -> err.println("fsmon: " + w));
        if (report.matched() == 0) {
            err.println("fsmon: no events matched in " + dir); // so a query of the wrong folder shows
        }
        return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
    }

    private static void print(BufferedOutputStream out, EventFormat format, FileEvent e) {
        try {
            out.write(format.format(e).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException x) {
            throw new UncheckedIOException(x); // not thrown: the PrintStream below records errors instead
        }
    }

    /** A canonical history line is what the JSON format would print for its event: copied as it is. */
    private static void print(BufferedOutputStream out, EventFormat format, Match m) {
        if (m.line() == null) {
            print(out, format, m.event());
            return;
        }
        try {
            out.write(m.line());
            out.write('\n');
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static void flushQuietly(BufferedOutputStream out) {
        try {
            out.flush();
        } catch (IOException ignored) {
            // the PrintStream below records its own errors
        }
    }
}
