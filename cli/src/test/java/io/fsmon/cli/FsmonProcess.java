package io.fsmon.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * fsmon run as its own process, the way a user runs it, so signals, exit codes and the split of
 * stdout (events) and stderr (diagnostics) are tested for real.
 */
final class FsmonProcess implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> errLines = new LinkedBlockingQueue<>();
    private final List<String> err = new ArrayList<>();
    private final Thread errReader;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Thread outReader;

    private FsmonProcess(Process process) {
        this.process = process;
        this.errReader = Thread.ofPlatform().name("fsmon-test-stderr").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    errLines.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        this.outReader = Thread.ofPlatform().name("fsmon-test-stdout").start(() -> {
            try {
                process.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    static FsmonProcess start(List<String> prefix, String... args) throws IOException {
        return start(java.util.Map.of(), prefix, args);
    }

    static FsmonProcess start(java.util.Map<String, String> env, List<String> prefix, String... args) throws IOException {
        return start(env, prefix, List.of(), args);
    }

    /** With JVM flags (e.g. the launcher's {@code -Xmx64m}) before the class name. */
    static FsmonProcess start(java.util.Map<String, String> env, List<String> prefix, List<String> jvm, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add(KafkaBroker.NATIVE_LZ4);
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().putAll(env);
        return new FsmonProcess(pb.start());
    }

    static FsmonProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** Waits for a stderr line starting with {@code prefix} (e.g. "fsmon: watching"). */
    String awaitErr(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String l = left <= 0 ? null : errLines.poll(left, TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new AssertionError("no stderr line '" + prefix + "...' within " + timeout + "; stderr so far: " + err);
            }
            err.add(l);
            if (l.startsWith(prefix)) {
                return l;
            }
        }
    }

    /**
     * Sends SIGTERM and returns the exit code. (Through the handle: Process.destroy() would also
     * close our ends of fsmon's pipes, and fsmon would rightly fail on its next write.)
     */
    int terminate() throws InterruptedException {
        process.toHandle().destroy();
        return waitFor();
    }

    int waitFor() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("fsmon did not stop within 60 s");
        }
        errReader.join();
        outReader.join();
        return process.exitValue();
    }

    /** Everything fsmon wrote on stdout (complete once it ended). */
    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What fsmon wrote on stdout so far (while it runs: to poll for an event). */
    String stdoutSoFar() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every stderr line (after the process ended). */
    List<String> stderr() {
        errLines.drainTo(err);
        return err;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
