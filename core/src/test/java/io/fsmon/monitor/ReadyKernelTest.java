package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "Ready means ready": once {@link Monitor#start} has returned (the CLI prints {@code watching}
 * then), a file event made at once is reported, and names its process. Started the way
 * {@code fsmon monitor} starts it: attribution built on another thread while the marks are placed.
 */
@KernelTest
class ReadyKernelTest {
    /** Starts per test: on today's code without the fix, 9 of 12 such starts named no process. */
    private static final int STARTS = 12;

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

    @Test
    void startWaitsForTheAttributionBeingBuiltBesideTheMarks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DeferredAttribution actors = DeferredAttribution.start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ProcessAttribution.start(false, null, ProcessAttribution.DEFAULT_HOLD, l -> { });
        });
        MonitorConfig config = new MonitorConfig(List.of(root), false, EnumSet.of(EventType.CREATE), null,
                MonitorConfig.MarkMode.AUTO, false);
        Recorder rec = new Recorder();
        List<String> said = new CopyOnWriteArrayList<>();
        CompletableFuture<Monitor> started = CompletableFuture.supplyAsync(() -> {
            try {
                return Monitor.start(config, rec, actors, said::add);
            } catch (MonitorException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThatThrownBy(() -> started.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(said).as("nothing is announced before attribution is ready").isEmpty();
            release.countDown();
            try (Monitor m = started.get(20, TimeUnit.SECONDS)) {
                assertThat(said).anyMatch(l -> l.startsWith("watching " + root));
                Shell.sh(root, "touch made-at-once");
                String path = root.resolve("made-at-once").toString();
                FileEvent e = rec.await(x -> path.equals(x.path()), Duration.ofSeconds(10));
                assertThat(e.actor().comm()).isEqualTo("touch");
            }
        } finally {
            release.countDown();
            actors.close();
        }
    }

    @Test
    void aFailedAttributionStopsTheStartWithOneSentence() throws Exception {
        DeferredAttribution actors = DeferredAttribution.start(() -> {
            throw new IllegalStateException("no table today");
        });
        MonitorConfig config = new MonitorConfig(List.of(root), false, EnumSet.of(EventType.CREATE), null,
                MonitorConfig.MarkMode.AUTO, false);
        assertThatThrownBy(() -> Monitor.start(config, new Recorder(), actors, l -> { }))
                .isInstanceOf(MonitorException.class).hasMessageContaining("no table today");
    }

    @Test
    void anEventMadeRightAfterStartArrivesAndNamesItsProcess() throws Exception {
        assertThat(touchRightAfterStart("a")).isEmpty();
    }

    @Test
    void soWithASecondFanotifyGroupBusyOnTheSameFilesystem() throws Exception {
        // Another monitor (another fanotify group) of the same filesystem, with a writer keeping it busy.
        Recorder other = new Recorder();
        MonitorConfig config = new MonitorConfig(List.of(root), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.AUTO, false);
        Shell.sh(root, "mkdir busy");
        Process writer = new ProcessBuilder("sh", "-c", "while :; do touch x; rm -f x; done")
                .directory(root.resolve("busy").toFile()).redirectErrorStream(true).start();
        try (Monitor second = Monitor.start(config, other, ProcessAttribution.start(false, null,
                ProcessAttribution.DEFAULT_HOLD, l -> { }), l -> { })) {
            assertThat(touchRightAfterStart("b")).isEmpty();
        } finally {
            writer.destroy();
            writer.waitFor();
        }
    }

    /** Starts and stops a monitor {@link #STARTS} times, touching a file the moment it is started; returns the failures. */
    private List<String> touchRightAfterStart(String prefix) throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            Recorder rec = new Recorder();
            MonitorConfig config = new MonitorConfig(List.of(root), false, EnumSet.of(EventType.CREATE), null,
                    MonitorConfig.MarkMode.AUTO, false);
            DeferredAttribution actors = DeferredAttribution.start(() -> ProcessAttribution.start(false, null,
                    ProcessAttribution.DEFAULT_HOLD, l -> { }));
            String path = root.resolve(prefix + i).toString();
            try (Monitor m = Monitor.start(config, rec, actors, l -> { })) {
                Shell.sh(root, "touch " + prefix + i);
                FileEvent e = rec.await(x -> x.type() == EventType.CREATE && path.equals(x.path()),
                        Duration.ofSeconds(10));
                if (e.actor() == null || !"touch".equals(e.actor().comm())) {
                    failures.add("start " + i + ": " + e.actor());
                }
            } catch (AssertionError lost) {
                failures.add("start " + i + ": lost: " + lost.getMessage());
            } finally {
                actors.close();
            }
        }
        return failures;
    }
}
