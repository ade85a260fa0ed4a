package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.fsmon.event.EventType.ATTRIB;
import static io.fsmon.event.EventType.CREATE;
import static io.fsmon.event.EventType.MOVED_FROM;
import static io.fsmon.event.EventType.MOVED_TO;
import static io.fsmon.linux.Fanotify.FAN_ATTRIB;
import static io.fsmon.linux.Fanotify.FAN_CLOSE_WRITE;
import static io.fsmon.linux.Fanotify.FAN_CREATE;
import static io.fsmon.linux.Fanotify.FAN_MOVED_FROM;
import static io.fsmon.linux.Fanotify.FAN_MOVED_TO;
import static io.fsmon.linux.Fanotify.FAN_ONDIR;
import static io.fsmon.linux.Fanotify.FAN_RENAME;
import static io.fsmon.monitor.PaperMonitor.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Renames through the record pipeline, hand-built: one FAN_RENAME record with both sides (5.17+),
 * and MOVED_FROM/MOVED_TO pairs (older kernels); the path cache and the known size follow. No
 * native call, no root.
 */
class RenamePairingTest {
    private static final Instant T1 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);

    private final PaperMonitor m = new PaperMonitor(EventType.DEFAULTS, tree("/w"));
    private final HandleKey w = m.walkedDirectory("/w");
    private final HandleKey sub = m.walkedDirectory("/w/sub");

    @Test
    void aRenameRecordIsAMovedFromAndAMovedToNamingTheOldPathAndTheSizeGoesAlong() {
        HandleKey f = m.kernel.file("/w/a", 6);
        m.read(new RecordBytes().record(FAN_CREATE | FAN_CLOSE_WRITE, 77).dfidName(w, "a").fid(f), T1);
        m.kernel.moved(f, "/w/sub/b");
        m.kernel.size("/w/sub/b", 6);
        List<FileEvent> es = m.read(new RecordBytes().record(FAN_RENAME, 77)
                .oldDfidName(w, "a").newDfidName(sub, "b").fid(f), T2);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath, e -> e.actor().pid(),
                        FileEvent::fileSize, FileEvent::sizeChange)
                .containsExactly(tuple(MOVED_FROM, "/w/a", null, 77, null, null),
                        tuple(MOVED_TO, "/w/sub/b", "/w/a", 77, 6L, 0L));
        // The file's own later record (a link count change) is named where it went, without the kernel.
        assertThat(m.read(new RecordBytes().record(FAN_ATTRIB, 77).fid(f), T2))
                .extracting(FileEvent::type, FileEvent::path).containsExactly(tuple(ATTRIB, "/w/sub/b"));
        assertThat(m.kernel.pathAsked).isEmpty();
    }

    @Test
    void aRenamedDirectoryCarriesTheCachedPathsBelowItAndIsMarkedWhereItWent() {
        HandleKey x = m.walkedDirectory("/w/x");
        HandleKey y = m.walkedDirectory("/w/x/y");
        m.kernel.foundInside("/w/z", "/w/z/y", true);
        List<FileEvent> es = m.read(new RecordBytes().record(FAN_RENAME | FAN_ONDIR, 77)
                .oldDfidName(w, "x").newDfidName(w, "z").fid(x)
                .record(FAN_CREATE, 78).dfidName(y, "f"), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath)
                .containsExactly(tuple(MOVED_FROM, "/w/x", null), tuple(MOVED_TO, "/w/z", "/w/x"),
                        tuple(CREATE, "/w/z/y", null), // found inside by its marking: after the move itself
                        tuple(CREATE, "/w/z/y/f", null));
        assertThat(m.kernel.appeared).containsExactly("/w/z");
        assertThat(m.kernel.pathAsked).isEmpty();
    }

    @Test
    void withoutFanRenameAMovedToIsPairedWithTheMovedFromBeforeItOfTheSameProcessAcrossReads() {
        HandleKey f = m.kernel.file("/w/sub/b", 2);
        List<FileEvent> first = m.read(new RecordBytes().record(FAN_MOVED_FROM, 77).dfidName(w, "a").fid(f), T1);
        assertThat(first).extracting(FileEvent::type, FileEvent::path).containsExactly(tuple(MOVED_FROM, "/w/a"));
        List<FileEvent> second = m.read(new RecordBytes().record(FAN_MOVED_TO, 77).dfidName(sub, "b").fid(f), T2);
        assertThat(second).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath, FileEvent::fileSize)
                .containsExactly(tuple(MOVED_TO, "/w/sub/b", "/w/a", 2L));
    }

    @Test
    void withoutFanRenameAMovedToOfAnotherProcessOrWithoutMovedFromHasNoOldPath() {
        List<FileEvent> es = m.read(new RecordBytes()
                .record(FAN_MOVED_FROM, 77).dfidName(w, "a")
                .record(FAN_MOVED_TO, 78).dfidName(sub, "b")
                .record(FAN_MOVED_TO, 77).dfidName(sub, "c"), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath)
                .containsExactly(tuple(MOVED_FROM, "/w/a", null), tuple(MOVED_TO, "/w/sub/b", null),
                        tuple(MOVED_TO, "/w/sub/c", null));
    }

    @Test
    void withoutFanRenameAMovedDirectoryCarriesTheCachedPathsBelowIt() {
        HandleKey y = m.walkedDirectory("/w/x/y");
        List<FileEvent> es = m.read(new RecordBytes()
                .record(FAN_MOVED_FROM | FAN_ONDIR, 77).dfidName(w, "x")
                .record(FAN_MOVED_TO | FAN_ONDIR, 77).dfidName(sub, "x")
                .record(FAN_CREATE, 77).dfidName(y, "f"), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath)
                .containsExactly(tuple(MOVED_FROM, "/w/x", null), tuple(MOVED_TO, "/w/sub/x", "/w/x"),
                        tuple(CREATE, "/w/sub/x/y/f", null));
        assertThat(m.kernel.appeared).containsExactly("/w/sub/x");
    }

    @Test
    void aFileMovedOutOfTheWatchedTreeIsAMovedFromOnlyAndOneMovedInAMovedToFromOutside() {
        HandleKey elsewhere = m.walkedDirectory("/elsewhere");
        List<FileEvent> es = m.read(new RecordBytes()
                .record(FAN_RENAME, 77).oldDfidName(w, "out").newDfidName(elsewhere, "out")
                .record(FAN_RENAME, 77).oldDfidName(elsewhere, "in").newDfidName(w, "in"), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, FileEvent::oldPath)
                .containsExactly(tuple(MOVED_FROM, "/w/out", null), tuple(MOVED_TO, "/w/in", "/elsewhere/in"));
    }
}
