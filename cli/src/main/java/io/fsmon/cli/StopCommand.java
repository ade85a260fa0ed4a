package io.fsmon.cli;

import io.fsmon.api.DaemonClient;
import io.fsmon.api.FsmonException;
import io.fsmon.daemon.Daemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code fsmon stop}: graceful (drain, flush, fsync, exit) or {@code --force} (SIGKILL). */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpAutoWidth = true,
        description = "Stop the daemon: it drains the kernel's queue, writes and syncs the history, and exits. Needs root.",
        footer = {"", ExitCode.HELP})
final class StopCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--force", description = "Kill it (SIGKILL) without asking; events not yet written are lost.")
    boolean force;

    final SocketOptions socket = new SocketOptions();

    StopCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (force) {
            return kill();
        }
        long pid;
        try (DaemonClient daemon = DaemonClient.connect(socket.runtime())) {
            pid = daemon.stop();
        } catch (FsmonException e) {
            return ExitCode.report(e, err);
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) {
            try {
                h.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                err.println("fsmon: the daemon (pid " + pid + ") did not stop within 60 s; 'fsmon stop --force' kills it");
                return ExitCode.FAILURE;
            }
        }
        err.println("fsmon: daemon stopped (pid " + pid + ")");
        return ExitCode.OK;
    }

    /** SIGKILL to the pid in the lock file, but only while a daemon holds that lock (a pid alone may be reused). */
    private int kill() throws InterruptedException {
        Path runtime = socket.runtime();
        Path lockFile = runtime.resolve("fsmon.lock");
        try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = c.tryLock();
            if (l != null) {
                l.release();
                err.println("fsmon: the daemon is not running (no lock held in " + runtime + ")");
                return ExitCode.DAEMON_NOT_RUNNING;
            }
        } catch (NoSuchFileException e) {
            err.println("fsmon: the daemon is not running (no " + lockFile + ")");
            return ExitCode.DAEMON_NOT_RUNNING;
        } catch (AccessDeniedException e) {
            err.println("fsmon: permission denied: only root may stop the daemon");
            return ExitCode.DENIED;
        } catch (IOException e) {
            err.println("fsmon: cannot read " + lockFile + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        Optional<Long> pid = Daemon.runningPid(runtime);
        Optional<ProcessHandle> h = pid.flatMap(ProcessHandle::of);
        if (h.isEmpty()) {
            err.println("fsmon: the daemon is not running");
            return ExitCode.DAEMON_NOT_RUNNING;
        }
        if (!h.get().destroyForcibly()) {
            err.println("fsmon: cannot kill pid " + pid.get() + " (permission denied?)");
            return ExitCode.DENIED;
        }
        try {
            h.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            err.println("fsmon: pid " + pid.get() + " did not die within 10 s");
            return ExitCode.FAILURE;
        }
        err.println("fsmon: daemon killed (pid " + pid.get() + ")");
        return ExitCode.OK;
    }
}
