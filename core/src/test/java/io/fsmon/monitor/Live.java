package io.fsmon.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A workload process that stays alive (blocked reading its stdin) until the test closes it, so
 * its pid can be checked against events and /proc still describes it.
 */
final class Live implements AutoCloseable {
    private final Process process;

    private Live(Process process) {
        this.process = process;
    }

    static Live start(Path cwd, String... cmd) throws IOException {
        return new Live(new ProcessBuilder(List.of(cmd)).directory(cwd.toFile())
                .redirectErrorStream(true).start());
    }

    int pid() {
        return (int) process.pid();
    }

    /** Waits for the process to print a line (its signal that it did its work). */
    String awaitLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = process.getInputStream().read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        if (c < 0) {
            throw new AssertionError("process ended without its signal line: " + sb);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        process.waitFor();
    }
}
