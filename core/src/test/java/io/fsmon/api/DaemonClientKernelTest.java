package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.daemon.Daemon;
import io.fsmon.daemon.DaemonSettings;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public client against a real daemon (in this JVM, in temporary folders): what the CLI's client commands use. */
class DaemonClientKernelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path base;

    @Test
    void noDaemonIsATypedFailureWithTheCommandLinesSentence() {
        assertThatThrownBy(() -> DaemonClient.connect(base.resolve("run")))
                .isInstanceOf(DaemonNotRunningException.class)
                .hasMessage("the daemon is not running (no answer on " + base.resolve("run/fsmon.sock") + ")");
    }

    @KernelTest
    @Test
    void statusAddWatchesTailRemoveAndStopThroughTheApi() throws Exception {
        Privileged.assumeRoot();
        try (ScratchFs fs = ScratchFs.mount()) {
            Path dir = Files.createDirectories(fs.root().resolve("w"));
            Files.writeString(base.resolve("fsmon.toml"), "");
            DaemonSettings settings = DaemonSettings.load(new DaemonSettings.Overrides(base.resolve("fsmon.toml"),
                    base.resolve("history"), base.resolve("run"), base.resolve("state")), Map.of(), true);
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Daemon d = Daemon.start(settings, Map.of(), log::add);
            Thread loop = Thread.ofPlatform().name("test-daemon-loop").start(d::run);
            try (DaemonClient daemon = DaemonClient.connect(base.resolve("run"))) {
                DaemonStatus status = daemon.status();
                assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(status.healthy()).isTrue();
                assertThat(status.watches()).isEmpty();
                assertThat(status.socket()).isEqualTo(base.resolve("run/fsmon.sock"));

                WatchSpec spec = WatchSpec.builder(dir).recursive(true).types(EventType.CREATE).exclude("*.tmp").build();
                assertThat(daemon.add(spec)).anyMatch(l -> l.startsWith("watching " + dir + " (recursive)"));
                DaemonWatch watch = daemon.watches().getFirst();
                assertThat(watch.spec()).as("the watch as given, back").isEqualTo(spec);
                assertThat(watch.running()).isTrue();
                assertThat(watch.description()).isEqualTo(dir + " -r -t CREATE -e '*.tmp'");
                assertThatThrownBy(() -> daemon.add(WatchSpec.builder(dir.resolve("missing")).build()))
                        .isInstanceOf(PathNotFoundException.class).hasMessageContaining(dir.resolve("missing").toString());

                try (Stream<FileEvent> events = daemon.tail().types(EventType.CREATE).stream()) {
                    await(() -> daemon.status().counters().subscribers() == 1, "the tail subscribed");
                    Shell.sh(dir, ": > skipped.tmp; : > seen.txt");
                    Iterator<FileEvent> it = events.iterator();
                    FileEvent e = it.next();
                    assertThat(e.type()).isEqualTo(EventType.CREATE);
                    assertThat(e.path()).isEqualTo(dir.resolve("seen.txt").toString());
                }
                await(() -> daemon.status().counters().subscribers() == 0, "the closed tail's connection ended");
                DaemonClient other = DaemonClient.connect(base.resolve("run"));
                try (Stream<FileEvent> events = other.tail().stream()) {
                    Iterator<FileEvent> it = events.iterator();
                    other.close(); // ends its open tails, as closing their streams does: quietly
                    assertThat(it.hasNext()).isFalse();
                }

                assertThat(daemon.remove(dir)).isEqualTo(Optional.empty());
                assertThat(daemon.watches()).isEmpty();
                assertThatThrownBy(() -> daemon.remove(dir)).isInstanceOf(PathNotFoundException.class)
                        .hasMessage("not watched: " + dir);
                assertThat(daemon.stop()).isEqualTo(ProcessHandle.current().pid());
                loop.join(WAIT.toMillis());
                assertThat(loop.isAlive()).as("the daemon's loop ended; log: %s", log).isFalse();
            } finally {
                d.requestStop();
                loop.join(WAIT.toMillis());
            }
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
