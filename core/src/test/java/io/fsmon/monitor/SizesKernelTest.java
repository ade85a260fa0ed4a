package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.proc.ProcLookup;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sizes looked up by name in an open directory, on the real kernel: a directory renamed while its
 * files' events wait in the queue keeps both their paths (as they were) and their sizes right.
 */
@KernelTest
class SizesKernelTest extends ScratchMonitorTest {
    @Test
    void directoryRenamedBeforeItsFilesEventsAreRead() throws Exception {
        Files.createDirectories(root.resolve("d"));
        MonitorConfig config = new MonitorConfig(List.of(root), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.AUTO, true);
        monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, l -> { });
        rec.sync(root);
        monitor.pause(); // one batch: every record below is read after the rename happened
        Shell.sh(root, "for i in 1 2 3 4; do printf abc > d/f$i; done; printf 12345 > d/g; mv d e; "
                + "printf 1234567 >> e/g; printf xy > e/f4; rm e/f1");
        monitor.resume();
        List<FileEvent> ev = rec.sync(root);

        List<FileEvent> closes = ev.stream().filter(e -> e.type() == EventType.CLOSE_WRITE).toList();
        assertThat(closes).extracting(FileEvent::path)
                .containsExactly(p("d/f1"), p("d/f2"), p("d/f3"), p("d/f4"), p("d/g")); // the kernel merged the
                                                                               // writes after the rename into these
        // d/f1: deleted later in the batch, no size. The others are found in the renamed directory:
        // their size now, as for every event read late (their path names a place that is gone).
        assertThat(closes).extracting(FileEvent::fileSize).containsExactly(null, 3L, 3L, 2L, 12L);
        assertThat(ev).filteredOn(e -> e.type() == EventType.MOVED_TO).extracting(FileEvent::path, FileEvent::oldPath)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(p("e"), p("d")));
        assertThat(ev).filteredOn(e -> e.type() == EventType.DELETE).extracting(FileEvent::path)
                .containsExactly(p("e/f1"));
        assertThat(monitor.stats().unresolved()).isZero();
    }

    @Test
    void anUnlinksAttribHasNoSizeEvenWhenANewFileTookTheName() throws Exception {
        MonitorConfig config = new MonitorConfig(List.of(root), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.AUTO, true);
        monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, l -> { });
        Shell.sh(root, "printf abc > f");
        rec.sync(root);
        monitor.pause(); // one batch: the old file's ATTRIB is read after the new one was written
        Shell.sh(root, "rm f; printf 1234567 > f");
        monitor.resume();
        List<FileEvent> ev = rec.sync(root);

        // The unlink's ATTRIB (link count 0) carries no name; its file is the one deleted later in
        // the batch, so it has no size rather than the 7 bytes of the file that took its name.
        assertThat(ev).filteredOn(e -> e.type() == EventType.ATTRIB).first()
                .satisfies(e -> {
                    assertThat(e.path()).isEqualTo(p("f"));
                    assertThat(e.fileSize()).isNull();
                });
        assertThat(ev).filteredOn(e -> e.type() == EventType.DELETE).extracting(FileEvent::sizeChange)
                .containsExactly(-3L);
        assertThat(ev).filteredOn(e -> e.type() == EventType.CLOSE_WRITE).extracting(FileEvent::fileSize)
                .containsExactly(3L, 7L); // the first file's, before the pause, and the new one's
    }

    @Test
    void aFileCreatedAndWrittenInOneBatchHasItsSizeOnTheWriteNotOnTheCreate() throws Exception {
        MonitorConfig config = new MonitorConfig(List.of(root), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.AUTO, true);
        monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, l -> { });
        rec.sync(root);
        monitor.pause(); // one batch: the CREATE is read after the write that follows it
        Shell.sh(root, "printf hello > f");
        monitor.resume();
        List<FileEvent> ev = rec.sync(root);

        assertThat(ev).filteredOn(e -> e.type() == EventType.CREATE).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(p("f"));
            assertThat(e.fileSize()).isNull();
            assertThat(e.sizeChange()).isNull();
        });
        assertThat(ev).filteredOn(e -> e.type() == EventType.CLOSE_WRITE)
                .extracting(FileEvent::fileSize, FileEvent::sizeChange)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, 5L));
    }

    @Test
    void aCreateKeepsItsSizeWhenItsWriteIsNotShown() throws Exception {
        MonitorConfig config = new MonitorConfig(List.of(root), true, java.util.Set.of(EventType.CREATE), null,
                MonitorConfig.MarkMode.AUTO, true);
        monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, l -> { });
        rec.sync(root);
        monitor.pause();
        Shell.sh(root, "printf hello > f");
        monitor.resume();
        List<FileEvent> ev = rec.sync(root);

        assertThat(ev).filteredOn(e -> e.type() == EventType.CREATE)
                .extracting(FileEvent::path, FileEvent::fileSize, FileEvent::sizeChange)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(p("f"), 5L, 5L));
    }
}
