package io.fsmon.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a daemon in the background ({@code --detach}, {@code monitor --daemon}): through the
 * {@code ./fsmon} launcher when this process was started by it (system property
 * {@code fsmon.launcher}), so the daemon runs with the same JVM flags and AOT cache as
 * {@code ./fsmon daemon}; otherwise the same Java and class path with the flags of
 * {@link #MONITOR_ARGS}. Stdin and stdout on /dev/null, stderr appended to a log file, in a
 * session of its own; returns once its control socket answers.
 */
public final class Launcher {
    /** The file of the long-running commands' JVM flags, relative to the repository's folder; read as {@code java @FILE}. */
    public static final String MONITOR_ARGS = "cli/src/main/jvm/monitor.args";
    /** The folder of the Kafka client's native lz4 the build unpacks, relative to the repository's folder. */
    static final String NATIVE = "cli/target/native";

    private Launcher() {
    }

    /**
     * The command line that runs fsmon with {@code args}: {@code launcher args} when a launcher is
     * given, else {@code java @argFile -cp CLASSPATH mainClass args} (without the argument file
     * when there is none, native access still enabled).
     */
    static List<String> command(String launcher, Path argFile, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (launcher != null) {
            cmd.add(launcher);
        } else {
            cmd.addAll(javaCommand(argFile, mainClass));
        }
        cmd.addAll(args);
        return cmd;
    }

    /**
     * {@code java @argFile -Djava.library.path=... -cp CLASSPATH mainClass} for this Java, library
     * path and class path (the systemd unit's too).
     */
    public static List<String> javaCommand(String mainClass) {
        return javaCommand(argFile().orElse(null), mainClass);
    }

    private static List<String> javaCommand(Path argFile, String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (argFile != null) {
            cmd.add("@" + argFile);
        } else {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        // where the build unpacked the Kafka client's native lz4 (cli/pom.xml), as ./fsmon gives it
        // the daemon: `fsmon service`, which writes the unit, is not run with it itself
        cmd.add("-Djava.library.path=" + repository().map(r -> r.resolve(NATIVE).toString())
                .orElse(System.getProperty("java.library.path")));
        cmd.add("-cp");
        cmd.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(":"))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(":")));
        cmd.add(mainClass);
        return cmd;
    }

    /**
     * {@link #MONITOR_ARGS} of the repository these classes come from; empty when it is not there,
     * as for an installed package.
     */
    static java.util.Optional<Path> argFile() {
        return repository().map(r -> r.resolve(MONITOR_ARGS));
    }

    /**
     * The repository these classes come from ({@code cli/target/fsmon.jar}, or
     * {@code core/target/classes}: three folders below it), known by its {@link #MONITOR_ARGS};
     * empty for an installed package.
     */
    private static java.util.Optional<Path> repository() {
        try {
            Path code = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = code.toAbsolutePath();
            for (int up = 0; up < 3 && repo != null; up++) {
                repo = repo.getParent();
            }
            return repo != null && Files.isReadable(repo.resolve(MONITOR_ARGS)) ? java.util.Optional.of(repo)
                    : java.util.Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The {@code ./fsmon} script that started this JVM, if it did and is still there; else the
     * installed launcher ({@link #installedLauncher()}), which gives the daemon the package's flags,
     * caches and native lz4.
     */
    static String launcher() {
        String l = System.getProperty("fsmon.launcher");
        if (l != null && Files.isExecutable(Path.of(l))) {
            return l;
        }
        return installedLauncher().map(Path::toString).orElse(null);
    }

    /**
     * The launcher of the package or tarball these classes come from: {@code PREFIX/bin/fsmon} for
     * {@code PREFIX/lib/fsmon/fsmon.jar} ({@code /usr/bin/fsmon} for the .deb); empty from a clone.
     */
    public static java.util.Optional<Path> installedLauncher() {
        try {
            return installedLauncher(Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    static java.util.Optional<Path> installedLauncher(Path code) {
        Path jar = code.toAbsolutePath().normalize();
        Path dir = jar.getParent();
        if (!Files.isRegularFile(jar) || dir == null || dir.getParent() == null || dir.getParent().getParent() == null
                || !dir.getFileName().toString().equals("fsmon") || !dir.getParent().getFileName().toString().equals("lib")) {
            return java.util.Optional.empty();
        }
        Path bin = dir.getParent().getParent().resolve("bin").resolve("fsmon");
        return Files.isRegularFile(bin) && Files.isExecutable(bin) ? java.util.Optional.of(bin)
                : java.util.Optional.empty();
    }

    /**
     * @return the daemon's pid
     * @throws DaemonException ALREADY_RUNNING/FAILURE with the child's last diagnostic line when it ends before answering
     */
    public static long startDetached(String mainClass, List<String> args, Path socket, Path logFile, Duration timeout)
            throws DaemonException, InterruptedException {
        List<String> cmd = command(launcher(), argFile().orElse(null), mainClass, args);
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
            try {
                // Another daemon may answer here until ours finds the lock taken and exits.
                if (new ControlClient(socket).status().pid() == p.pid()) {
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
