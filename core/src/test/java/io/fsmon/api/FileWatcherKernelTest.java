package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public watcher on the real kernel: what the README's five lines promise. */
@KernelTest
class FileWatcherKernelTest {

    @BeforeEach
    void root() {
        Privileged.assumeRoot();
    }

    @Test
    void anEventMadeAfterStartReturnsIsReportedWithItsProcessInNewSubdirectoriesToo() throws Exception {
        try (ScratchFs fs = ScratchFs.mount()) {
            Path dir = Files.createDirectory(fs.root().resolve("watched"));
            BlockingQueue<FileEvent> events = new LinkedBlockingQueue<>();
            List<String> notes = new ArrayList<>();
            try (FileWatcher w = FileWatcher.builder().watch(dir, true).diagnostics(notes::add).start(events::add)) {
                assertThat(w.watching()).anyMatch(l -> l.contains(dir.toString()));
                assertThat(notes).anyMatch(n -> n.contains(dir.toString()));
                // made by a child that exits at once: named all the same
                Shell.sh(dir, "mkdir sub && echo hi > sub/new.txt");
                FileEvent e = next(events, x -> x.type() == EventType.CLOSE_WRITE);
                assertThat(e.path()).isEqualTo(dir.resolve("sub/new.txt").toString());
                assertThat(e.actor().comm()).isEqualTo("sh");
                assertThat(e.actor().user()).isEqualTo("root");
                assertThat(e.fileSize()).isEqualTo(3L);
                assertThat(w.isRunning()).isTrue();
            }
        }
    }

    @Test
    void typesAndExcludesFilterAndTheStreamEndsWhenClosed() throws Exception {
        try (ScratchFs fs = ScratchFs.mount()) {
            Path dir = fs.root();
            try (Stream<FileEvent> s = FileWatcher.builder().watch(dir, false).types(EventType.CREATE)
                    .exclude("*.tmp").attribution(FileWatcher.Attribution.PID_ONLY).stream()) {
                Shell.sh(dir, "touch a.tmp b.txt");
                Iterator<FileEvent> it = s.iterator();
                FileEvent e = it.next();
                assertThat(e.type()).isEqualTo(EventType.CREATE);
                assertThat(e.path()).isEqualTo(dir.resolve("b.txt").toString());
                assertThat(e.actor().comm()).isNull(); // pid only: nothing read from /proc
                assertThat(e.actor().pid()).isPositive();
            }
        }
    }

    @Test
    void aMissingPathIsATypedExceptionWithTheSentence() {
        assertThatThrownBy(() -> FileWatcher.builder().watch(Path.of("/no/such/fsmon/path"), true).start(e -> { }))
                .isInstanceOf(PathNotFoundException.class).hasMessageContaining("/no/such/fsmon/path");
    }

    @Test
    void aConsumerThatThrowsStopsTheWatcherAndSaysWhy() throws Exception {
        try (ScratchFs fs = ScratchFs.mount()) {
            try (FileWatcher w = FileWatcher.builder().watch(fs.root(), true).start(e -> {
                throw new IllegalStateException("consumer broke");
            })) {
                Shell.sh(fs.root(), "touch x");
                assertThat(w.awaitTermination(Duration.ofSeconds(10))).isTrue();
                assertThat(w.failure()).get().asString().contains("consumer broke");
            }
        }
    }

    private static FileEvent next(BlockingQueue<FileEvent> q, java.util.function.Predicate<FileEvent> p)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            FileEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && p.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no such event within 10 s");
    }
}
