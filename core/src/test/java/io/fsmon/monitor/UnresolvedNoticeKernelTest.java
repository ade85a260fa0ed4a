package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.linux.KernelTest;
import io.fsmon.proc.ProcLookup;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a filesystem mark an event whose directory cannot be named is dropped; it is said on the
 * diagnostics when that directory may have been a watched one, and only counted otherwise.
 */
@KernelTest
class UnresolvedNoticeKernelTest extends ScratchMonitorTest {
    private final List<String> diagnostics = new CopyOnWriteArrayList<>();

    private Path startOnW(int resolverCapacity) throws Exception {
        Path w = Files.createDirectory(root.resolve("w"));
        MonitorConfig config = new MonitorConfig(List.of(w), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.FILESYSTEM, false);
        monitor = Monitor.start(config, rec, Attribution.of(new ProcLookup()::actorOf), diagnostics::add, resolverCapacity);
        return w;
    }

    @Test
    void aWatchedDirectoryForgottenByTheCacheAndGoneIsSaid() throws Exception {
        // A cache of 2 directories: those resolved outside w push w/a out of it before its file's
        // events are read, and by then w/a is gone: its events cannot be named, though they were in scope.
        Path w = startOnW(2);
        monitor.pause();
        try {
            Shell.sh(root, "mkdir w/a && mkdir out && for i in 1 2 3 4 5 6; do mkdir out/d$i; touch out/d$i/f; done"
                    + " && touch w/a/f && rm -rf w/a");
        } finally {
            monitor.resume();
        }
        rec.sync(w);
        assertThat(monitor.stats().unresolved()).isPositive();
        assertThat(diagnostics).anySatisfy(l -> assertThat(l)
                .startsWith("not shown: a CREATE of 'f' by pid ")
                .contains("may have been in a watched path"));
    }

    @Test
    void aGoneDirectoryElsewhereOnTheFilesystemIsOnlyCounted() throws Exception {
        // Made before the start, outside w: never learned, and gone when its file's events are read.
        Shell.sh(root, "mkdir -p out/x && touch out/x/g");
        Path w = startOnW(Monitor.RESOLVER_CAPACITY);
        monitor.pause();
        try {
            Shell.sh(root, "touch out/x/f && rm -rf out/x");
        } finally {
            monitor.resume();
        }
        rec.sync(w);
        assertThat(monitor.stats().unresolved()).isPositive();
        assertThat(diagnostics).noneMatch(l -> l.startsWith("not shown"));
    }
}
