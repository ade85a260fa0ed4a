package io.fsmon.cli;

import io.fsmon.daemon.ControlClient;
import io.fsmon.daemon.DaemonException;
import io.fsmon.daemon.MalformedMessageException;
import io.fsmon.daemon.TailFilter;
import io.fsmon.event.FileEvent;
import io.fsmon.log.EventFormat;
import io.fsmon.log.StreamSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code fsmon tail}: follow the daemon's live stream. */
@Command(name = "tail", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Follow the daemon's live events, with the monitor's filters. A reader too slow to keep up "
                + "gets a GAP line saying how many events it missed; the daemon and its history lose nothing.",
        footer = {"", "Examples:", "  fsmon tail", "  fsmon tail -t create,delete --user alice -f json | jq",
                "", "Ctrl-C or SIGTERM stops it with exit code 0, as it does 'fsmon monitor'.",
                "", ExitCode.HELP})
final class TailCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    final FilterOptions filter = new FilterOptions();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "human",
            converter = MonitorCommand.FormatConverter.class, description = "human, json or csv (default: ${DEFAULT-VALUE}).")
    EventFormat format;

    final SocketOptions socket = new SocketOptions();

    TailCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        TailFilter wanted = new TailFilter(filter.types(null), filter.excludePatterns(), filter.minSize, filter.pids,
                filter.cmd == null ? null : filter.cmd.pattern(), filter.users);
        try (Signals.Termination termination = Signals.handle();
             ControlClient.Tail tail = new ControlClient(socket.socket()).tail(wanted)) {
            // A signal closes the connection: the read below ends, and the exit is a clean one.
            termination.stops(tail::close);
            StreamSink sink = new StreamSink(format, out);
            while (true) {
                FileEvent e;
                try {
                    e = next(tail, termination);
                } catch (MalformedMessageException m) {
                    err.println("fsmon: skipped a malformed line from the daemon: " + m.getMessage());
                    continue;
                }
                if (e == null) {
                    break;
                }
                sink.accept(e);
                sink.flush();
            }
            out.flush();
            if (!termination.requested()) {
                err.println("fsmon: the daemon closed the stream");
            }
            return ExitCode.OK;
        } catch (DaemonException e) {
            return ExitCode.report(e, err);
        } catch (IOException e) {
            // our output was closed (| head), or the connection broke
            return ExitCode.OK;
        }
    }

    /** The next event, or null at the end of the stream or once a signal closed it. */
    private static FileEvent next(ControlClient.Tail tail, Signals.Termination termination)
            throws IOException, MalformedMessageException {
        try {
            return tail.next();
        } catch (IOException e) {
            if (termination.requested()) {
                return null;
            }
            throw e;
        }
    }
}
