package io.fsmon.cli;

import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path whose name is not UTF-8 can be watched, given on the command line as raw bytes or in the
 * {@code \xNN} form fsmon prints (issue 16, case 9).
 */
@KernelTest
class OddPathArgumentsTest {
    private static final Duration START = Duration.ofSeconds(30);
    private ScratchFs fs;
    private Path root;

    @BeforeEach
    void mount() throws Exception {
        Privileged.assumeRoot();
        fs = ScratchFs.mount();
        root = fs.root();
    }

    @AfterEach
    void unmount() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "escaped"})
    void aNonUtf8DirectoryIsWatched(String form) throws Exception {
        Shell.sh(root, "mkdir -p \"$(printf 'd\\377')/sub\"");
        String printed = root + "/d\\xff"; // how fsmon names it
        List<String> prefix = List.of();
        String[] args = {"monitor", "-r", "--marks", "inode", "-f", "json", "-t", "create"};
        if (form.equals("raw")) {
            // Through a shell: a Java String cannot carry the byte 0xff into another process's argv.
            prefix = List.of("sh", "-c", "exec \"$0\" \"$@\" \"$(printf '" + root + "/d\\377')\"");
        } else {
            args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(printed))
                    .toArray(String[]::new);
        }
        try (FsmonProcess p = FsmonProcess.start(prefix, args)) {
            assertThat(p.awaitErr("fsmon: watching", START)).startsWith("fsmon: watching " + printed + " (recursive) through 2 inode marks");
            Shell.sh(root, "touch \"$(printf 'd\\377')/f\" \"$(printf 'd\\377')/sub/g\"");
            // No other signal: the monitor's own output is what is awaited, polled until it shows.
            long deadline = System.nanoTime() + START.toNanos();
            while (!(p.stdoutSoFar().contains("/sub/g\"")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int rc = p.terminate();
            assertThat(rc).as("stderr: %s", p.stderr()).isZero();
            assertThat(p.stdout()).contains("\"path\":\"" + json(printed + "/f") + "\"")
                    .contains("\"path\":\"" + json(printed + "/sub/g") + "\"");
        }
    }

    /** {@code s} as a JSON string body: the backslash of {@code \xff} doubled. */
    private static String json(String s) {
        return s.replace("\\", "\\\\");
    }
}
