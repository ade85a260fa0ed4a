package io.fsmon.cli;

import io.fsmon.daemon.ControlClient;
import io.fsmon.daemon.DaemonException;
import io.fsmon.daemon.FilterCodec;
import io.fsmon.daemon.Messages;
import io.fsmon.log.EventFormat;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import io.fsmon.log.StreamSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
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
        Map<String, Object> req = Messages.request("tail");
        req.put("filter", FilterCodec.toMap(filter.types(null), filter.excludePatterns(), filter.minSize, filter.pids,
                filter.cmd == null ? null : filter.cmd.pattern(), filter.users));
        try (Signals.Termination termination = Signals.handle();
             ControlClient c = ControlClient.connect(socket.socket())) {
            c.call(req);
            // A signal closes the connection: the read below ends, and the exit is a clean one.
            termination.stops(c::close);
            StreamSink sink = new StreamSink(format, out);
            JsonLines json = new JsonLines();
            for (String line; (line = readLine(c, termination)) != null; ) {
                try {
                    sink.accept(json.parse(line));
                    sink.flush();
                } catch (MalformedLineException e) {
                    err.println("fsmon: skipped a malformed line from the daemon: " + e.getMessage());
                }
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

    /** The next line, or null at the end of the stream or once a signal closed it. */
    private static String readLine(ControlClient c, Signals.Termination termination) throws IOException {
        try {
            return c.readLine();
        } catch (IOException e) {
            if (termination.requested()) {
                return null;
            }
            throw e;
        }
    }
}
