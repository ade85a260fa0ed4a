package io.fsmon.cli;

import io.fsmon.api.DaemonClient;
import io.fsmon.api.DaemonTail;
import io.fsmon.api.FsmonException;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.EventFormat;
import io.fsmon.log.StreamSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

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
        try (Signals.Termination termination = Signals.handle();
             DaemonClient daemon = DaemonClient.connect(socket.runtime());
             Stream<FileEvent> events = tail(daemon).stream()) {
            // A signal closes the stream: the read below ends, and the exit is a clean one. The
            // iterator is taken first: a signal already received closes the stream at once.
            Iterator<FileEvent> it = events.iterator();
            termination.stops(events::close);
            StreamSink sink = new StreamSink(format, out);
            while (it.hasNext()) {
                sink.accept(it.next());
                sink.flush();
            }
            out.flush();
            if (!termination.requested()) {
                err.println("fsmon: the daemon closed the stream");
            }
            return ExitCode.OK;
        } catch (FsmonException e) {
            return ExitCode.report(e, err);
        } catch (IOException | UncheckedIOException e) {
            // our output was closed (| head), or the connection broke
            return ExitCode.OK;
        }
    }

    /** The daemon's tail with this command's filters. */
    private DaemonTail tail(DaemonClient daemon) {
        DaemonTail tail = daemon.tail().diagnostics(m -> err.println("fsmon: " + m));
        Set<EventType> types = filter.types(null);
        if (types != null) {
            tail.types(types.toArray(EventType[]::new));
        }
        filter.excludePatterns().forEach(tail::exclude);
        if (filter.minSize != null) {
            tail.minSize(filter.minSize);
        }
        filter.pids.forEach(tail::pid);
        if (filter.cmd != null) {
            tail.command(filter.cmd.pattern());
        }
        filter.users.forEach(tail::user);
        return tail;
    }
}
