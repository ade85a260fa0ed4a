package io.fsmon.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs workload commands as child processes (so events carry their own pids and names). */
public final class Shell {
    private Shell() {
    }

    /** Runs {@code sh -c script} in {@code cwd}; fails the test on a non-zero exit. */
    public static void sh(Path cwd, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(cwd.toFile()).redirectErrorStream(true);
        check(pb, script);
    }

    public static void run(List<String> cmd) throws IOException, InterruptedException {
        check(new ProcessBuilder(cmd).redirectErrorStream(true), String.join(" ", cmd));
    }

    private static void check(ProcessBuilder pb, String what) throws IOException, InterruptedException {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new AssertionError("'" + what + "' exited " + rc + ": " + out);
        }
    }
}
