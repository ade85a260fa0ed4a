package io.fsmon.cli;

import io.fsmon.api.DaemonClient;
import io.fsmon.api.DaemonWatch;
import io.fsmon.api.FsmonException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fsmon list}: what the running daemon watches, with the options to re-create each watch. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpAutoWidth = true, description = "Show what the running daemon watches.",
        footer = {"", ExitCode.HELP})
final class ListCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "human",
            description = "human or json (default: ${DEFAULT-VALUE}).")
    StatusCommand.Format format;

    final SocketOptions socket = new SocketOptions();

    ListCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try (DaemonClient daemon = DaemonClient.connect(socket.runtime())) {
            List<DaemonWatch> watches = daemon.watches();
            if (format == StatusCommand.Format.JSON) {
                out.println(DaemonWatch.toJson(watches));
            } else {
                for (DaemonWatch w : watches) {
                    out.println(StatusCommand.watchLine(w));
                }
            }
            out.flush();
            return ExitCode.OK;
        } catch (FsmonException e) {
            return ExitCode.report(e, err);
        }
    }
}
