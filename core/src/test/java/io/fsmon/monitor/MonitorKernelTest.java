package io.fsmon.monitor;

import io.fsmon.event.Actor;
import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.proc.ProcLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The monitor on the real kernel: a tmpfs per test, workloads from child processes. */
@KernelTest
class MonitorKernelTest extends ScratchMonitorTest {
    private final List<String> diagnostics = new ArrayList<>();

    private void start(Path path, boolean recursive, Set<EventType> types, MonitorConfig.MarkMode mode) throws Exception {
        start(path, recursive, types, mode, null);
    }

    private void start(Path path, boolean recursive, Set<EventType> types, MonitorConfig.MarkMode mode,
                       EventFilter filter) throws Exception {
        MonitorConfig config = new MonitorConfig(List.of(path), recursive, types, filter, mode, false);
        monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, diagnostics::add);
    }

    @Test
    void defaultTypesCarryFullPathsAndTheProcessThatActed() throws Exception {
        start(root, true, EventType.DEFAULTS, MonitorConfig.MarkMode.AUTO);
        assertThat(diagnostics).filteredOn(l -> !l.startsWith("watching execs")).singleElement().asString().contains(root.toString()).contains("filesystem mark");
        Shell.sh(root, "touch a; echo hello > a; chmod 600 a");
        List<FileEvent> written = rec.sync(root);
        // Sizes are read when the event is processed; whatever the lag, the changes add up.
        assertThat(written).filteredOn(e -> e.type() == EventType.CLOSE_WRITE).last()
                .extracting(FileEvent::fileSize).isEqualTo(6L);
        assertThat(written.stream().filter(e -> e.sizeChange() != null).mapToLong(FileEvent::sizeChange).sum()).isEqualTo(6L);
        Shell.sh(root, "mv a b; rm b");
        List<FileEvent> ev = rec.sync(root);
        assertThat(ev).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath).containsSubsequence(
                tuple(EventType.CREATE, p("a"), null),
                tuple(EventType.CLOSE_WRITE, p("a"), null),
                tuple(EventType.CLOSE_WRITE, p("a"), null),
                tuple(EventType.ATTRIB, p("a"), null),
                tuple(EventType.MOVED_FROM, p("a"), null),
                tuple(EventType.MOVED_TO, p("b"), p("a")),
                tuple(EventType.MOVE_SELF, p("b"), null),
                tuple(EventType.DELETE_SELF, p("b"), null),
                tuple(EventType.DELETE, p("b"), null));
        // touch, chmod, mv and rm exit before their events are read: /proc can only name them if
        // they were still there. A name, when given, must be the right one.
        assertCommIsRightOrUnknown(written, EventType.CREATE, "touch");
        assertCommIsRightOrUnknown(written, EventType.ATTRIB, "touch", "chmod");
        assertCommIsRightOrUnknown(ev, EventType.MOVED_TO, "mv");
        assertCommIsRightOrUnknown(ev, EventType.DELETE, "rm");
        assertThat(ev).allSatisfy(e -> assertThat(e.actor().pid()).isPositive());
        FileEvent deleted = ev.stream().filter(e -> e.type() == EventType.DELETE).findFirst().orElseThrow();
        assertThat(deleted.sizeChange()).isEqualTo(-6L);
    }

    @Test
    void everyFileEventTypeWithAllEvents() throws Exception {
        Files.copy(Path.of("/bin/true"), root.resolve("prog"));
        Shell.sh(root, "chmod 755 prog; mkdir d; echo x > r");
        start(root, true, EventType.ALL, MonitorConfig.MarkMode.AUTO);
        Shell.sh(root, "echo data > w; cat r > /dev/null; ./prog; mv d d2; touch n; rm n");
        List<FileEvent> ev = rec.sync(root);
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        ev.forEach(e -> seen.add(e.type()));
        assertThat(seen).containsAll(EnumSet.complementOf(EnumSet.of(EventType.FS_ERROR, EventType.OVERFLOW, EventType.GAP)));
        assertThat(ev).extracting(FileEvent::type, FileEvent::path).contains(
                tuple(EventType.OPEN, p("w")), tuple(EventType.MODIFY, p("w")), tuple(EventType.CLOSE_WRITE, p("w")),
                tuple(EventType.ACCESS, p("r")), tuple(EventType.CLOSE_NOWRITE, p("r")),
                tuple(EventType.OPEN_EXEC, p("prog")), tuple(EventType.MOVE_SELF, p("d2")),
                tuple(EventType.MOVED_TO, p("d2")), tuple(EventType.DELETE_SELF, p("n")));
    }

    @ParameterizedTest
    @EnumSource(value = MonitorConfig.MarkMode.class, names = {"AUTO", "INODE"})
    void newSubtreeIsSeenWhole(MonitorConfig.MarkMode mode) throws Exception {
        start(root, true, EventType.DEFAULTS, mode);
        Shell.sh(root, "mkdir -p a/b/c && touch a/b/c/f && echo x > a/b/c/g");
        List<FileEvent> ev = rec.sync(root);
        assertThat(ev).filteredOn(e -> e.type() == EventType.CREATE).extracting(FileEvent::path)
                .contains(p("a"), p("a/b"), p("a/b/c"), p("a/b/c/f"), p("a/b/c/g"));
        Shell.sh(root, "echo later > a/b/c/h");
        ev = rec.sync(root);
        assertThat(ev).extracting(FileEvent::type, FileEvent::path)
                .contains(tuple(EventType.CREATE, p("a/b/c/h")), tuple(EventType.CLOSE_WRITE, p("a/b/c/h")));
        if (mode == MonitorConfig.MarkMode.INODE) {
            assertThat(diagnostics).filteredOn(l -> !l.startsWith("watching execs")).singleElement().asString().contains("inode mark");
        }
    }

    @ParameterizedTest
    @EnumSource(value = MonitorConfig.MarkMode.class, names = {"AUTO", "INODE"})
    void nonRecursiveSeesTheDirectoryAndItsChildrenOnly(MonitorConfig.MarkMode mode) throws Exception {
        Shell.sh(root, "mkdir -p d/sub");
        start(root.resolve("d"), false, EventType.DEFAULTS, mode);
        Shell.sh(root, "touch d/x d/sub/deep; chmod 700 d; touch outside");
        List<FileEvent> ev = rec.sync(root.resolve("d"));
        assertThat(ev).extracting(FileEvent::path).contains(p("d/x"), p("d"))
                .doesNotContain(p("d/sub/deep"), p("outside"));
    }

    @ParameterizedTest
    @EnumSource(value = MonitorConfig.MarkMode.class, names = {"AUTO", "INODE"})
    void rmRfOfA100LevelTreeNamesEveryFile(MonitorConfig.MarkMode mode) throws Exception {
        StringBuilder deep = new StringBuilder("t");
        for (int i = 1; i < 100; i++) {
            deep.append("/l").append(i);
        }
        // Half the tree exists before the monitor starts, half is created while it runs.
        Shell.sh(root, "mkdir -p " + deep.substring(0, deep.indexOf("/l50/")) + " && cd t && for d in $(find . -type d); do touch $d/f1 $d/f2; done");
        start(root, true, EnumSet.of(EventType.CREATE, EventType.DELETE), mode);
        Shell.sh(root, "mkdir -p " + deep + " && for d in $(find t -type d); do touch $d/f1 $d/f2; done");
        rec.sync(root);
        Set<String> expected = new HashSet<>();
        try (var s = Files.walk(root.resolve("t"))) {
            s.forEach(x -> expected.add(x.toString()));
        }
        assertThat(expected).hasSize(300);
        Shell.sh(root, "rm -rf t");
        List<FileEvent> ev = rec.sync(root);
        Set<String> deleted = new HashSet<>();
        ev.stream().filter(e -> e.type() == EventType.DELETE).forEach(e -> deleted.add(e.path()));
        assertThat(deleted).containsExactlyInAnyOrderElementsOf(expected);
        assertCommIsRightOrUnknown(ev, EventType.DELETE, "rm");
        assertThat(monitor.stats().unresolved()).isZero();
    }

    @Test
    void renamedDirectoryKeepsPathsTrue() throws Exception {
        Shell.sh(root, "mkdir -p x/y");
        start(root, true, EventType.DEFAULTS, MonitorConfig.MarkMode.AUTO);
        Shell.sh(root, "mv x z && touch z/y/f && mv z/y/f z/y/g");
        List<FileEvent> ev = rec.sync(root);
        assertThat(ev).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath).contains(
                tuple(EventType.MOVED_TO, p("z"), p("x")),
                tuple(EventType.CREATE, p("z/y/f"), null),
                tuple(EventType.MOVED_TO, p("z/y/g"), p("z/y/f")));
    }

    @Test
    void nonUtf8NameIsWrittenLosslessly() throws Exception {
        start(root, true, EventType.DEFAULTS, MonitorConfig.MarkMode.AUTO);
        Shell.sh(root, "touch \"$(printf 'bad\\377name\\\\x')\"");
        List<FileEvent> ev = rec.sync(root);
        assertThat(ev).extracting(FileEvent::type, FileEvent::path)
                .contains(tuple(EventType.CREATE, root + "/bad\\xffname\\\\x"));
    }

    @Test
    void overflowBecomesAMarkerInTheStream() throws Exception {
        start(root, true, EnumSet.of(EventType.CREATE), MonitorConfig.MarkMode.AUTO);
        monitor.pause();
        try {
            // The kernel's default queue holds 16384 events: 20000 creations overflow it.
            Shell.sh(root, "mkdir f && cd f && i=0; while [ $i -lt 40 ]; do touch $(seq -f \"n${i}_%g\" 1 500); i=$((i+1)); done");
        } finally {
            monitor.resume();
        }
        FileEvent o = rec.await(e -> e.type() == EventType.OVERFLOW, Duration.ofSeconds(30));
        assertThat(o.path()).isNull();
        rec.sync(root);
        assertThat(monitor.stats().overflows()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unlinksSplitAcrossReadsStillNameTheFilesOwnEvents() throws Exception {
        // Made before the monitor starts, so only the DELETE that follows in the queue names them.
        Shell.sh(root, "mkdir d && cd d && touch $(seq -f f%g 1 4000)");
        start(root, true, EnumSet.of(EventType.CREATE, EventType.ATTRIB, EventType.DELETE_SELF, EventType.DELETE),
                MonitorConfig.MarkMode.AUTO);
        monitor.pause();
        try {
            // 4000 unlinks queue ~12,000 records (under the 16384 limit), about 20 full reads: some
            // read ends between a file's ATTRIB or DELETE_SELF and its DELETE.
            Shell.sh(root, "rm -f d/f*");
        } finally {
            monitor.resume();
        }
        List<FileEvent> ev = rec.sync(root);
        Set<String> files = new HashSet<>();
        for (int i = 1; i <= 4000; i++) {
            files.add(p("d/f" + i));
        }
        for (EventType t : List.of(EventType.ATTRIB, EventType.DELETE_SELF, EventType.DELETE)) {
            Set<String> named = new HashSet<>();
            ev.stream().filter(e -> e.type() == t && e.path() != null).forEach(e -> named.add(e.path()));
            assertThat(named).as(t.name()).containsAll(files);
        }
        assertThat(monitor.stats().overflows()).isZero();
        assertThat(monitor.stats().unresolved()).isZero();
    }

    @Test
    void excludeAndMinSizeFilters() throws Exception {
        EventFilter filter = new EventFilter(EventType.DEFAULTS, List.of(io.fsmon.filter.Glob.compile("*.tmp")),
                1024L, null, null, null);
        start(root, true, EnumSet.of(EventType.CLOSE_WRITE), MonitorConfig.MarkMode.AUTO, filter);
        Shell.sh(root, "head -c 4096 /dev/zero > big; head -c 10 /dev/zero > small; head -c 4096 /dev/zero > big.tmp");
        monitor.stop(); // drains: every event of the finished workload has been read
        List<FileEvent> ev = rec.events();
        assertThat(ev).extracting(FileEvent::path).containsExactly(p("big"));
        assertThat(ev.getFirst().fileSize()).isEqualTo(4096L);
    }

    @Test
    void attributionAndActorFiltersOnLiveProcesses() throws Exception {
        Shell.sh(root, "mkdir shared && chmod 777 shared");
        EventFilter filter = new EventFilter(EventType.DEFAULTS, null, null, null,
                io.fsmon.filter.Glob.compile("bash"), java.util.Set.of("nobody"));
        start(root, true, EnumSet.of(EventType.CLOSE_WRITE), MonitorConfig.MarkMode.AUTO, filter);
        try (Live asRoot = Live.start(root, "bash", "-c", "echo x > shared/by-root-bash; echo done; read l");
             Live shNobody = Live.start(root, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                     "sh", "-c", "echo x > shared/by-nobody-sh; echo done; read l");
             Live bashNobody = Live.start(root, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                     "bash", "-c", "echo x > shared/by-nobody-bash; echo done; read l")) {
            FileEvent e = rec.await(x -> p("shared/by-nobody-bash").equals(x.path()), Duration.ofSeconds(20));
            assertThat(e.actor().pid()).isEqualTo(bashNobody.pid());
            assertThat(e.actor().comm()).isEqualTo("bash");
            assertThat(e.actor().cmd()).isEqualTo("bash -c echo x > shared/by-nobody-bash; echo done; read l");
            assertThat(e.actor().user()).isEqualTo("nobody");
            assertThat(e.actor().uid()).isEqualTo(65534);
            assertThat(e.actor().ppid()).isEqualTo((int) ProcessHandle.current().pid());
            asRoot.awaitLine();
            shNobody.awaitLine();
        }
        monitor.stop();
        assertThat(rec.events()).extracting(FileEvent::path).containsExactly(p("shared/by-nobody-bash"));
    }

    @Test
    void saysWhichFilesystemsInsideTheTreeAreNotWatched() throws Exception {
        Path inner = Files.createDirectory(root.resolve("inner"));
        Shell.run(List.of("mount", "-t", "tmpfs", "fsmon-inner", inner.toString()));
        try {
            start(root, true, EventType.DEFAULTS, MonitorConfig.MarkMode.AUTO);
            assertThat(diagnostics).contains("not watching 1 filesystem mounted inside " + root + ": " + inner
                    + " (tmpfs) (name a mount point to watch it)");
        } finally {
            monitor.stop();
            Shell.run(List.of("umount", "-l", inner.toString()));
        }
    }

    @Test
    void concurrentStopsAreSafe() throws Exception {
        // A signal handler and the main thread both stop the monitor when fsmon is terminated.
        for (int i = 0; i < 10; i++) {
            start(root, false, EventType.DEFAULTS, MonitorConfig.MarkMode.AUTO);
            Monitor m = monitor;
            java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.CompletableFuture<Void> other = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    both.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                m.stop();
            });
            both.await();
            m.stop();
            other.get(); // rethrows what the other stop threw
            assertThat(m.isRunning()).isFalse();
        }
    }

    private static void assertCommIsRightOrUnknown(List<FileEvent> ev, EventType type, String... comms) {
        List<String> allowed = new ArrayList<>(List.of(comms));
        allowed.add(null);
        assertThat(ev).filteredOn(e -> e.type() == type).isNotEmpty()
                .allSatisfy(e -> assertThat(e.actor().comm()).isIn(allowed));
    }
}
