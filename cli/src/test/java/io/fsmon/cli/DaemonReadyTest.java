package io.fsmon.cli;

import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's "ready" (its stderr line, and systemd's READY=1 sent right after it) keeps the
 * monitor's promise for every configured watch: an event made at once is recorded with its process.
 */
@KernelTest
class DaemonReadyTest {
    @TempDir
    Path base;

    @BeforeEach
    void root() {
        Privileged.assumeRoot();
    }

    @Test
    void anEventMadeTheMomentTheDaemonIsReadyIsRecordedWithItsProcess() throws Exception {
        try (ScratchFs fs = ScratchFs.mount()) {
            Path a = Files.createDirectories(fs.root().resolve("a"));
            Path b = Files.createDirectories(fs.root().resolve("b"));
            String config = "watches = [\n  { path = \"" + a + "\" },\n  { path = \"" + b + "\" },\n]\n";
            try (DaemonHarness h = new DaemonHarness(base, config)) {
                h.start(); // returns at "daemon ready"
                Shell.sh(b, "touch now");
                String path = b + "/now";
                FileEvent e = h.awaitEvents(DaemonHarness.hasPath(path), Duration.ofSeconds(20)).stream()
                        .filter(x -> path.equals(x.path())).findFirst().orElseThrow();
                assertThat(e.actor().comm()).as("%s", e).isEqualTo("touch");
                h.stopGracefully();
            }
        }
    }
}
