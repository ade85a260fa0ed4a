package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} says the daemon is not healthy while its history cannot be written (a full
 * disk: a 256 KiB tmpfs as the history folder, filled up), and healthy again once it can.
 */
@KernelTest
class StatusTruthTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path base;

    @Test
    void statusIsNotHealthyWhileTheHistoryCannotBeWritten() throws Exception {
        Privileged.assumeRoot();
        Path history = Files.createDirectories(base.resolve("history"));
        Shell.run(List.of("mount", "-t", "tmpfs", "-o", "size=256k", "fsmon-test-history", history.toString()));
        Daemon d = null;
        Thread loop = null;
        try (ScratchFs fs = ScratchFs.mount()) {
            Path dir = Files.createDirectories(fs.root().resolve("w"));
            Path config = base.resolve("fsmon.toml");
            Files.writeString(config, "[[watches]]\npath = \"" + dir + "\"\nrecursive = true\n");
            DaemonSettings settings = DaemonSettings.load(new DaemonSettings.Overrides(config, history,
                    base.resolve("run"), base.resolve("state")), Map.of(), true);
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            d = Daemon.start(settings, Map.of(), log::add);
            Daemon daemon = d;
            loop = Thread.ofPlatform().name("test-daemon-loop").start(d::run);
            Path socket = settings.locations().socket();
            assertThat(new ControlClient(socket).status().healthy()).isTrue();

            // dd ends with "No space left on device": the filesystem is full, as meant.
            Shell.sh(history, "dd if=/dev/zero of=filler bs=4k 2>/dev/null || true");
            Shell.sh(dir, "i=0; while [ $i -lt 200 ]; do : > f$i; i=$((i+1)); done");
            StatusReport failing = await(socket, s -> !s.healthy(), "not healthy");
            assertThat(failing.problems()).singleElement().asString()
                    .startsWith("the history cannot be written in " + history);

            Files.delete(history.resolve("filler"));
            await(socket, StatusReport::healthy, "healthy again; log: " + log);
            assertThat(daemon.writer().stats().failing()).isFalse();
        } finally {
            if (d != null) {
                d.requestStop();
                loop.join(WAIT.toMillis());
            }
            Shell.run(List.of("umount", "-l", history.toString()));
        }
    }

    private static StatusReport await(Path socket, java.util.function.Predicate<StatusReport> done,
                                             String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            StatusReport s = new ControlClient(socket).status();
            if (done.test(s)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status not " + what + " within " + WAIT + ": " + s);
            }
            Thread.sleep(50);
        }
    }
}
