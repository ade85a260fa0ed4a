package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A daemon in temporary folders, run as a child java process (so it can be killed with -9), and
 * clients run in-process through {@link Main#run}.
 */
final class DaemonHarness implements AutoCloseable {
    final Path base;
    final Path config;
    final Path runtime;
    final Path history;
    final Path state;
    FsmonProcess daemon;
    /** JVM flags of the daemon process (none: the test JVM's defaults). */
    List<String> jvm = List.of();

    DaemonHarness(Path base, String configText) throws IOException {
        this.base = base;
        this.config = base.resolve("fsmon.toml");
        this.runtime = base.resolve("run");
        this.history = base.resolve("history");
        this.state = base.resolve("state");
        Files.writeString(config, configText);
    }

    String[] locations() {
        return new String[]{"--config", config.toString(), "--runtime-dir", runtime.toString(),
                "--history", history.toString(), "--state-dir", state.toString()};
    }

    /** Every stderr line of the daemon last started (complete once it ended). */
    List<String> daemonErr() {
        return lastDaemon.stderr();
    }

    private FsmonProcess lastDaemon;

    FsmonProcess start() throws Exception {
        return start(Map.of());
    }

    FsmonProcess start(Map<String, String> env, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("daemon"));
        args.addAll(List.of(locations()));
        args.addAll(List.of(options));
        daemon = FsmonProcess.start(env, List.of(), jvm, args.toArray(String[]::new));
        lastDaemon = daemon;
        daemon.awaitErr("fsmon: daemon ready", Duration.ofSeconds(30));
        return daemon;
    }

    /** A client command in-process; returns exit code, stdout and stderr. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--runtime-dir", runtime.toString()));
        return Result.of(all.toArray(String[]::new));
    }

    record Result(int code, String out, String err) {
        static Result of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), args);
            return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        Result ok() {
            assertThat(code).as("exit code; stderr: %s", err).isZero();
            return this;
        }
    }

    /** Every event in the history, in file order; malformed lines are skipped. */
    List<FileEvent> events() throws IOException {
        JsonLines json = new JsonLines();
        List<FileEvent> out = new ArrayList<>();
        for (HistoryLayout.HistoryFile f : new HistoryLayout(history).files()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f.path());
            } catch (java.nio.file.NoSuchFileException e) {
                continue;
            }
            for (String l : lines) {
                try {
                    out.add(json.parse(l));
                } catch (MalformedLineException e) {
                    // a torn last line after kill -9
                }
            }
        }
        return out;
    }

    /** Polls the history (no other signal says a line reached the disk) until {@code done} holds. */
    List<FileEvent> awaitEvents(Predicate<List<FileEvent>> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<FileEvent> e = events();
            if (done.test(e)) {
                return e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("history did not reach the expected state within " + timeout + "; "
                        + e.size() + " events, last: " + (e.isEmpty() ? null : e.getLast()));
            }
            Thread.sleep(20);
        }
    }

    static Predicate<List<FileEvent>> hasPath(String path) {
        return l -> l.stream().anyMatch(e -> path.equals(e.path()));
    }

    void stopGracefully() throws Exception {
        if (daemon != null) {
            run("stop").ok();
            assertThat(daemon.waitFor()).isZero();
            daemon = null;
        }
    }

    @Override
    public void close() throws Exception {
        if (daemon != null) {
            daemon.close();
            daemon.waitFor();
        }
    }
}
