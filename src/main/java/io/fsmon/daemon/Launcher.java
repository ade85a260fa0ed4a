package io.fsmon.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a daemon in the background ({@code --detach}, {@code monitor --daemon}): the same Java
 * and class path running {@code mainClass args}, with stdin and stdout on /dev/null, stderr
 * appended to a log file, in a session of its own; returns once its control socket answers.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * @return the daemon's pid
     * @throws DaemonException ALREADY_RUNNING/FAILURE with the child's last diagnostic line when it ends before answering
     */
    public static long startDetached(String mainClass, List<String> args, Path socket, Path logFile, Duration timeout)
            throws DaemonException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(":"))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(":")));
        cmd.add(mainClass);
        cmd.addAll(args);
        Process p;
        try {
            Files.createDirectories(logFile.getParent());
            p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new DaemonException(DaemonException.Reason.FAILURE, "cannot start the daemon: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String last = lastLine(logFile);
                DaemonException.Reason r = p.exitValue() == 10 ? DaemonException.Reason.ALREADY_RUNNING
                        : DaemonException.Reason.FAILURE;
                throw new DaemonException(r, last != null ? last.replaceFirst("^fsmon: ", "")
                        : "the daemon exited with code " + p.exitValue());
            }
            try (ControlClient c = ControlClient.connect(socket)) {
                // Another daemon may answer here until ours finds the lock taken and exits.
                if (Messages.number(c.call(Messages.request("status")), "pid", -1) == p.pid()) {
                    return p.pid();
                }
            } catch (DaemonException e) {
                if (e.reason() == DaemonException.Reason.DENIED) {
                    throw e;
                }
                // not listening yet: the socket appears once the watches are placed
            }
            p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new DaemonException(DaemonException.Reason.FAILURE, "the daemon (pid " + p.pid()
                + ") did not answer on " + socket + " within " + timeout.toSeconds() + " s; see " + logFile);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? null : lines.getLast();
        } catch (IOException e) {
            return null;
        }
    }
}
