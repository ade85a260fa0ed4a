package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch's monitor that ends without being asked (its reader thread died: an OutOfMemoryError,
 * a failing sink) is restarted by the daemon, the time it was down is a GAP in the history, and
 * the restart is counted in status. The daemon runs in-process so the test can end the monitor's
 * reader through {@link Monitor#stop()} (its public API; no hook is added for the test): to the
 * daemon, that is a monitor that stopped by itself.
 */
@KernelTest
class MonitorRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path base;

    @Test
    void aMonitorThatDiesIsRestartedWithAGapForTheTimeItWasDownAndTheRestartIsCounted() throws Exception {
        Privileged.assumeRoot();
        try (ScratchFs fs = ScratchFs.mount()) {
            Path dir = Files.createDirectories(fs.root().resolve("w"));
            Path config = base.resolve("fsmon.toml");
            Files.writeString(config, "[[watches]]\npath = \"" + dir + "\"\nrecursive = true\ntypes = \"create\"\n");
            DaemonSettings settings = DaemonSettings.load(new DaemonSettings.Overrides(config, base.resolve("history"),
                    base.resolve("run"), base.resolve("state")), Map.of(), true);
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Daemon d = Daemon.start(settings, Map.of(), log::add);
            Thread loop = Thread.ofPlatform().name("test-daemon-loop").start(d::run);
            try {
                Shell.sh(dir, ": > before"); // another process: the daemon ignores its own
                await(() -> d.counters().byType().getOrDefault(EventType.CREATE, 0L) >= 1, "the first create; log: " + log);
                Monitor first = d.watches().getFirst().monitor();
                Instant death = Instant.now();
                first.stop(); // the reader ends; the daemon did not ask for it

                await(() -> d.watches().getFirst().monitor() != null && d.watches().getFirst().monitor() != first,
                        "a restarted monitor; log: " + log);
                Shell.sh(dir, ": > after");
                await(() -> d.counters().byType().getOrDefault(EventType.CREATE, 0L) >= 2, "the create after the restart");

                StatusReport status = new ControlClient(settings.locations().socket()).status();
                assertThat(status.healthy()).as("status: %s", status).isTrue();
                StatusReport.WatchStatus watch = status.watches().getFirst();
                assertThat(watch.error()).isNull();
                assertThat(watch.restarts()).isEqualTo(1L);
                assertThat(status.counters().monitorRestarts()).isEqualTo(1L);
                assertThat(log).anyMatch(l -> l.startsWith("watch " + dir + " stopped"))
                        .anyMatch(l -> l.startsWith("watch " + dir + " restarted"));

                d.requestStop();
                loop.join(WAIT.toMillis());
                List<FileEvent> gaps = history(settings.locations().historyDir()).stream()
                        .filter(e -> e.type() == EventType.GAP).toList();
                assertThat(gaps).as("GAP markers in the history").hasSize(1);
                FileEvent gap = gaps.getFirst();
                assertThat(gap.since()).isBeforeOrEqualTo(death);
                assertThat(gap.until()).isAfter(death);
                assertThat(gap.dropped()).as("unknown: the kernel's queue went with the dead group").isNull();
            } finally {
                d.requestStop();
                loop.join(WAIT.toMillis());
            }
        }
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    private static List<FileEvent> history(Path dir) throws Exception {
        JsonLines json = new JsonLines();
        List<FileEvent> out = new ArrayList<>();
        for (HistoryLayout.HistoryFile f : new HistoryLayout(dir).files()) {
            for (String l : Files.readAllLines(f.path())) {
                try {
                    out.add(json.parse(l));
                } catch (MalformedLineException e) {
                    // none expected after a clean stop
                }
            }
        }
        return out;
    }
}
