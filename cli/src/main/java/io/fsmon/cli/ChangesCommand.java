package io.fsmon.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code fsmon changes}: the latest event per path. */
final class ChangesCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    final HistoryOptions options = new HistoryOptions();

    /** This command's model, declared in code (see {@link Declared}). */
    CommandSpec spec() {
        CommandSpec spec = Declared.command(this, "changes",
                new String[] {"Show the latest event of every path in the history (what each file's last change was, "
                        + "and who made it), oldest first. Takes the same filters as 'fsmon query'."},
                new String[] {"", "Examples:",
                        "  fsmon changes --path '/etc/**' --since 1d         the last change of each file under /etc today",
                        "  fsmon changes -t delete --since 7d -f csv         every path deleted this week, as CSV",
                        "  fsmon changes --path '/srv/**' --sort time --reverse --limit 20",
                        "", ExitCode.HELP});
        options.declare(spec);
        return spec;
    }

    ChangesCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return QueryCommand.run(out, err, options, true);
    }
}
