package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static io.fsmon.event.EventType.ATTRIB;
import static io.fsmon.event.EventType.CLOSE_WRITE;
import static io.fsmon.event.EventType.CREATE;
import static io.fsmon.event.EventType.DELETE;
import static io.fsmon.event.EventType.DELETE_SELF;
import static io.fsmon.event.EventType.MODIFY;
import static io.fsmon.event.EventType.OVERFLOW;
import static io.fsmon.linux.Fanotify.FAN_ATTRIB;
import static io.fsmon.linux.Fanotify.FAN_CLOSE_WRITE;
import static io.fsmon.linux.Fanotify.FAN_CREATE;
import static io.fsmon.linux.Fanotify.FAN_DELETE;
import static io.fsmon.linux.Fanotify.FAN_DELETE_SELF;
import static io.fsmon.linux.Fanotify.FAN_FS_ERROR;
import static io.fsmon.linux.Fanotify.FAN_MODIFY;
import static io.fsmon.linux.Fanotify.FAN_ONDIR;
import static io.fsmon.linux.Fanotify.FAN_OPEN_EXEC;
import static io.fsmon.linux.Fanotify.FAN_Q_OVERFLOW;
import static io.fsmon.linux.Fanotify.FAN_RENAME;
import static io.fsmon.monitor.PaperMonitor.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The record pipeline fed hand-built reads: merged masks, fsmon's own records, overflows and their
 * span, name-less records held across two reads, new directories, scope. No native call, no root.
 */
class RecordPipelineTest {
    private static final Instant T1 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);
    private static final Instant T3 = T1.plusSeconds(2);

    private final PaperMonitor m = new PaperMonitor(EventType.DEFAULTS, tree("/w"));
    private final HandleKey w = m.walkedDirectory("/w");

    @Test
    void oneRecordWithMergedBitsIsOneEventPerBitInTheOrderTheyHappened() {
        PaperMonitor all = new PaperMonitor(EnumSet.of(CREATE, MODIFY, CLOSE_WRITE), tree("/w"));
        HandleKey dir = all.walkedDirectory("/w");
        HandleKey f = all.kernel.file("/w/f", 6);
        List<FileEvent> es = all.read(new RecordBytes()
                .record(FAN_CLOSE_WRITE | FAN_MODIFY | FAN_CREATE, 77).dfidName(dir, "f").fid(f), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, e -> e.actor().pid(), FileEvent::time)
                .containsExactly(tuple(CREATE, "/w/f", 77, T1), tuple(MODIFY, "/w/f", 77, T1),
                        tuple(CLOSE_WRITE, "/w/f", 77, T1));
        // Created to be written: the size goes with the write, counted from 0; the kernel is asked once.
        assertThat(es).extracting(FileEvent::fileSize, FileEvent::sizeChange)
                .containsExactly(tuple(null, null), tuple(6L, 6L), tuple(6L, 0L));
        assertThat(all.kernel.statxAsked).containsExactly("/w/f");
        assertThat(es.get(0).actor()).isSameAs(es.get(2).actor()); // one lookup per process and batch
    }

    @Test
    void fsmonsOwnRecordsAreNeverEventsNorHeld() {
        HandleKey log = m.kernel.file("/w/log", 1);
        List<FileEvent> es = m.read(new RecordBytes()
                .record(FAN_CREATE | FAN_CLOSE_WRITE, PaperMonitor.OWN_PID).dfidName(w, "log").fid(log)
                .record(FAN_CREATE, 77).dfidName(w, "g")
                .record(FAN_ATTRIB, PaperMonitor.OWN_PID).fid(log), T1);
        assertThat(es).extracting(FileEvent::path).containsExactly("/w/g");
        assertThat(m.pipeline.holding()).isFalse();
        assertThat(m.kernel.statxAsked).doesNotContain("/w/log");
    }

    @Test
    void anOverflowIsAMarkerSpanningFromTheLastWholeReadToThisOne() {
        List<FileEvent> first = m.read(new RecordBytes().record(FAN_Q_OVERFLOW, 0), T1);
        assertThat(first).containsExactly(FileEvent.overflow(T1)); // no read before it to bound it
        assertThat(first.getFirst().since()).isNull();

        m.read(new RecordBytes().record(FAN_CREATE, 77).dfidName(w, "a"), T2);
        List<FileEvent> es = m.read(new RecordBytes().record(FAN_Q_OVERFLOW, 0)
                .record(FAN_CREATE, 77).dfidName(w, "b"), T3);
        assertThat(es).extracting(FileEvent::type, FileEvent::since, FileEvent::until, FileEvent::time)
                .containsExactly(tuple(OVERFLOW, T2, T3, T3), tuple(CREATE, null, null, T3));
        assertThat(es.getFirst().path()).isNull();
    }

    @Test
    void unlinksOwnRecordsAtTheEndOfAReadWaitForTheDeleteThatNamesThemInTheNext() {
        HandleKey g = m.kernel.object("/w/g");
        m.kernel.gone(g); // by the time anything is read, unlink has removed it
        List<FileEvent> first = m.read(new RecordBytes()
                .record(FAN_CREATE, 77).dfidName(w, "other")
                .record(FAN_ATTRIB, 77).fid(g)
                .record(FAN_DELETE_SELF, 77).fid(g), T1);
        assertThat(first).extracting(FileEvent::path).containsExactly("/w/other");
        assertThat(m.pipeline.holding()).isTrue();

        List<FileEvent> second = m.read(new RecordBytes().record(FAN_DELETE, 77).dfidName(w, "g").fid(g), T2);
        assertThat(second).extracting(FileEvent::type, FileEvent::path, FileEvent::time)
                .containsExactly(tuple(ATTRIB, "/w/g", T1), tuple(DELETE_SELF, "/w/g", T1), tuple(DELETE, "/w/g", T2));
        assertThat(m.pipeline.holding()).isFalse();
        assertThat(m.kernel.pathAsked).as("named by the DELETE, not by the kernel").isEmpty();
        assertThat(m.kernel.statxAsked).as("a file deleted later in the batch has no size to ask for")
                .doesNotContain("/w/g");
    }

    @Test
    void aFileWhoseLastNameIsGoneIsForgottenOnceItsRecordsAreRead() {
        HandleKey f = m.kernel.file("/w/f", 1);
        HandleKey kept = m.kernel.file("/w/kept", 1);
        m.read(new RecordBytes().record(FAN_CREATE | FAN_CLOSE_WRITE, 77).dfidName(w, "f").fid(f)
                .record(FAN_CREATE | FAN_CLOSE_WRITE, 77).dfidName(w, "kept").fid(kept), T1);
        assertThat(m.interpreter.rememberedFiles()).isEqualTo(2);
        m.kernel.gone(f);
        // unlink(2) of its only name: the link-count ATTRIB, the inode's DELETE_SELF, then the DELETE.
        List<FileEvent> es = m.read(new RecordBytes().record(FAN_ATTRIB, 77).fid(f)
                .record(FAN_DELETE_SELF, 77).fid(f).record(FAN_DELETE, 77).dfidName(w, "f").fid(f), T2);
        assertThat(es).extracting(FileEvent::type, FileEvent::path)
                .containsExactly(tuple(ATTRIB, "/w/f"), tuple(DELETE_SELF, "/w/f"), tuple(DELETE, "/w/f"));
        // No record can name a dead inode again: a burst of short-lived files kept thousands of
        // them, which outlived young collections and were promoted to die in the old generation.
        assertThat(m.interpreter.rememberedFiles()).isEqualTo(1);
    }

    @Test
    void aHeldRecordTheNextReadDoesNotNameIsInterpretedWithItOnceAndNotHeldAgain() {
        HandleKey linked = m.kernel.file("/w/linked", 3); // a link count changed: the file is still there
        m.read(new RecordBytes().record(FAN_ATTRIB, 77).fid(linked), T1);
        assertThat(m.pipeline.holding()).isTrue();
        HandleKey other = m.kernel.object("/w/other");
        List<FileEvent> es = m.read(new RecordBytes().record(FAN_CREATE, 78).dfidName(w, "new")
                .record(FAN_ATTRIB, 78).fid(other), T2);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, FileEvent::time, FileEvent::fileSize)
                .containsExactly(tuple(ATTRIB, "/w/linked", T1, 3L), tuple(CREATE, "/w/new", T2, null));
        assertThat(m.kernel.pathAsked).containsExactly(linked);
        assertThat(m.pipeline.holding()).as("the new read's own name-less tail").isTrue();
    }

    @Test
    void whatIsHeldWhenNoReadFollowsIsInterpretedByTheFlush() {
        HandleKey gone = m.kernel.object("/w/gone");
        m.kernel.gone(gone);
        HandleKey kept = m.kernel.file("/w/kept", 5);
        assertThat(m.read(new RecordBytes().record(FAN_DELETE_SELF, 77).fid(gone)
                .record(FAN_ATTRIB, 77).fid(kept), T1)).isEmpty();
        List<FileEvent> es = m.flush();
        // Per-directory marks: every record came from a watched directory, so one without a path is shown.
        assertThat(es).extracting(FileEvent::type, FileEvent::path, FileEvent::time)
                .containsExactly(tuple(DELETE_SELF, null, T1), tuple(ATTRIB, "/w/kept", T1));
        assertThat(m.pipeline.holding()).isFalse();
        assertThat(m.flush()).isEmpty();
        assertThat(m.pipeline.unresolvedEvents()).isEqualTo(1);
    }

    @Test
    void underAFilesystemMarkAFlushedRecordWithoutAPathIsOnlyCounted() {
        m.kernel.filesystemMark();
        HandleKey gone = m.kernel.object("/w/gone");
        m.kernel.gone(gone);
        m.read(new RecordBytes().record(FAN_DELETE_SELF, 77).fid(gone), T1);
        assertThat(m.flush()).isEmpty();
        assertThat(m.pipeline.unresolvedEvents()).isEqualTo(1);
    }

    @Test
    void onlyTheLastFewRecordsOfAReadAreHeld() {
        HandleKey early = m.kernel.object("/w/early");
        RecordBytes read = new RecordBytes().record(FAN_ATTRIB, 77).fid(early);
        for (int i = 0; i < HeldRecords.MAX; i++) {
            read.record(FAN_CREATE, 77).dfidName(w, "f" + i);
        }
        assertThat(m.read(read, T1)).extracting(FileEvent::path)
                .containsExactly("/w/early", "/w/f0", "/w/f1", "/w/f2", "/w/f3");
        assertThat(m.pipeline.holding()).isFalse();
    }

    @Test
    void aNewDirectoryIsLearnedFromItsCreateMarkedAndWhatWasAlreadyInsideIsReported() {
        HandleKey sub = m.kernel.object("/w/sub");
        m.kernel.foundInside("/w/sub", "/w/sub/early", false);
        List<FileEvent> es = m.read(new RecordBytes()
                .record(FAN_CREATE | FAN_ONDIR, 77).dfidName(w, "sub").fid(sub)
                .record(FAN_CREATE, 77).dfidName(sub, "late"), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::path, e -> e.actor() == null ? null : e.actor().pid())
                .containsExactly(tuple(CREATE, "/w/sub", 77), tuple(CREATE, "/w/sub/early", null),
                        tuple(CREATE, "/w/sub/late", 77));
        assertThat(m.kernel.appeared).containsExactly("/w/sub");
        assertThat(m.kernel.pathAsked).as("its handle came with its CREATE").isEmpty();
    }

    @Test
    void execsAreToldToTheAttributionBeforeScopeAndAreNoEventsUnlessAskedFor() {
        HandleKey bin = m.kernel.object("/usr/bin");
        m.resolver.learn(bin, "/usr/bin");
        assertThat(m.read(new RecordBytes().record(FAN_OPEN_EXEC, 91).dfidName(bin, "touch"), T1)).isEmpty();
        assertThat(m.execs).containsExactly("91 /usr/bin/touch");
        assertThat(m.pipeline.filtered()).isZero();
    }

    @Test
    void outOfScopeEventsAreFilteredAndAGoneDirectoryThatMayHaveBeenWatchedIsSaid() {
        PaperMonitor fs = new PaperMonitor(EventType.DEFAULTS, null, false, tree("/w"));
        fs.kernel.filesystemMark();
        HandleKey etc = fs.walkedDirectory("/etc");
        HandleKey gone = fs.kernel.object("/w/d");
        fs.kernel.gone(gone);
        List<FileEvent> es = fs.read(new RecordBytes()
                .record(FAN_CREATE, 77).dfidName(etc, "passwd")
                .record(FAN_CREATE, 78).dfidName(gone, "x"), T1);
        assertThat(es).isEmpty();
        assertThat(fs.pipeline.filtered()).isEqualTo(1);
        assertThat(fs.pipeline.unresolvedEvents()).isEqualTo(1);
        // Without target FIDs new directories are not all known by handle: the dropped one may have been watched.
        assertThat(fs.diagnostics).singleElement().asString()
                .startsWith("not shown: a CREATE of 'x' by pid 78 in a directory that is gone");
    }

    @Test
    void aFilesystemErrorIsShownWithoutAPathEvenUnderAFilesystemMark() {
        PaperMonitor fs = new PaperMonitor(EnumSet.of(EventType.FS_ERROR), tree("/w"));
        fs.kernel.filesystemMark();
        HandleKey inode = fs.kernel.object("/w/lost");
        fs.kernel.gone(inode);
        fs.read(new RecordBytes().record(FAN_FS_ERROR, 0).error(5, 1).fid(inode), T1); // name-less: held a read
        assertThat(fs.flush()).extracting(FileEvent::type, FileEvent::path).containsExactly(tuple(EventType.FS_ERROR, null));
        assertThat(fs.pipeline.unresolvedEvents()).isEqualTo(1);
    }

    @Test
    void aRenameOutOfADirectoryThatCannotBeNamedIsCountedAndSaidWhenItMayHaveBeenWatched() {
        PaperMonitor fs = new PaperMonitor(EventType.DEFAULTS, null, false, tree("/w"));
        fs.kernel.filesystemMark();
        HandleKey gone = fs.kernel.object("/w/d");
        fs.kernel.gone(gone);
        HandleKey elsewhere = fs.walkedDirectory("/elsewhere");
        assertThat(fs.read(new RecordBytes().record(FAN_RENAME, 78)
                .oldDfidName(gone, "x").newDfidName(elsewhere, "x"), T1)).isEmpty();
        assertThat(fs.pipeline.unresolvedEvents()).isEqualTo(1);
        assertThat(fs.diagnostics).singleElement().asString()
                .startsWith("not shown: a MOVED_FROM of 'x' by pid 78 in a directory that is gone");
    }
}
