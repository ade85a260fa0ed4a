package io.fsmon.cli;

import io.fsmon.api.DaemonClient;
import io.fsmon.api.FsmonException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code fsmon remove PATH...}: the daemon stops watching (its fanotify group is closed), and forgets it. */
@Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpAutoWidth = true,
        description = "Make the running daemon stop watching PATH, as given to 'add'. Needs root.",
        footer = {"", ExitCode.HELP})
final class RemoveCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Watched paths to remove.")
    List<Path> paths;

    final SocketOptions socket = new SocketOptions();

    RemoveCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try (DaemonClient daemon = DaemonClient.connect(socket.runtime())) {
            for (Path p : paths) {
                String path = p.toAbsolutePath().normalize().toString();
                Optional<String> note = daemon.remove(p);
                out.println("removed " + path);
                note.ifPresent(n -> err.println("fsmon: " + n));
            }
            out.flush();
            return ExitCode.OK;
        } catch (FsmonException e) {
            return ExitCode.report(e, err);
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage()); // the daemon called the request malformed
            return ExitCode.USAGE;
        }
    }
}
