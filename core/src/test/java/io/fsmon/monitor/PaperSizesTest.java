package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.fsmon.event.EventType.ATTRIB;
import static io.fsmon.event.EventType.CLOSE_WRITE;
import static io.fsmon.event.EventType.CREATE;
import static io.fsmon.event.EventType.DELETE;
import static io.fsmon.linux.Fanotify.FAN_ATTRIB;
import static io.fsmon.linux.Fanotify.FAN_CLOSE_WRITE;
import static io.fsmon.linux.Fanotify.FAN_CREATE;
import static io.fsmon.linux.Fanotify.FAN_DELETE;
import static io.fsmon.monitor.PaperMonitor.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code file_size} and {@code size_change} through the record pipeline, with {@code statx}
 * answered from a table ({@link FakeKernel}): what is asked, by name in the open directory or by
 * path, and what an event says when the answer is missing. No native call, no root.
 */
class PaperSizesTest {
    private static final Instant T1 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);
    private static final Instant T3 = T1.plusSeconds(2);

    private final PaperMonitor m = new PaperMonitor(EventType.DEFAULTS, tree("/w"));
    private final HandleKey w = m.walkedDirectory("/w");

    private static RecordBytes written(HandleKey dir, String name, HandleKey self) {
        return new RecordBytes().record(FAN_CREATE | FAN_CLOSE_WRITE, 77).dfidName(dir, name).fid(self);
    }

    @Test
    void aWriteSaysTheSizeAndTheChangeSinceTheLastSizeKnownAndADeleteWhatWasLost() {
        HandleKey f = m.kernel.file("/w/f", 6);
        assertThat(m.read(written(w, "f", f), T1))
                .extracting(FileEvent::type, FileEvent::fileSize, FileEvent::sizeChange)
                .containsExactly(tuple(CREATE, null, null), tuple(CLOSE_WRITE, 6L, 6L));
        m.kernel.size("/w/f", 10);
        assertThat(m.read(new RecordBytes().record(FAN_CLOSE_WRITE, 77).dfidName(w, "f").fid(f), T2))
                .extracting(FileEvent::fileSize, FileEvent::sizeChange).containsExactly(tuple(10L, 4L));
        m.kernel.gone(f);
        assertThat(m.read(new RecordBytes().record(FAN_DELETE, 77).dfidName(w, "f").fid(f), T3))
                .extracting(FileEvent::type, FileEvent::fileSize, FileEvent::sizeChange)
                .containsExactly(tuple(DELETE, null, -10L));
        // The second lookup in the directory opened it: the name is asked of the open directory.
        assertThat(m.kernel.statxAsked).containsExactly("/w/f", "/w/f");
        assertThat(m.kernel.openFds()).isEqualTo(1);
        m.resolver.close();
        assertThat(m.kernel.openFds()).as("closed with the resolver").isZero();
    }

    @Test
    void aRecordNamingOnlyItsFileIsMeasuredByNameInTheDirectoryItWasLastSeenIn() {
        HandleKey f = m.kernel.file("/w/f", 6);
        m.read(written(w, "f", f), T1);
        m.read(new RecordBytes().record(FAN_CLOSE_WRITE, 77).dfidName(w, "f").fid(f), T2); // opens /w
        // link(2) gave the file a second name: its link-count ATTRIB carries only the file's handle.
        assertThat(m.read(new RecordBytes().record(FAN_ATTRIB, 77).fid(f), T3))
                .extracting(FileEvent::type, FileEvent::path, FileEvent::fileSize)
                .containsExactly(tuple(ATTRIB, "/w/f", 6L));
        assertThat(m.kernel.statxAsked).containsExactly("/w/f", "/w/f", "/w/f");
        assertThat(m.kernel.statxByPath).as("only the first, before /w was open").containsExactly("/w/f");
    }

    @Test
    void whenStatxFailsAnEventHasNoSizeAndNoChangeButIsStillShown() {
        m.kernel.statxFails = true;
        HandleKey f = m.kernel.file("/w/f", 6);
        List<FileEvent> es = m.read(written(w, "f", f), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::fileSize, FileEvent::sizeChange)
                .containsExactly(tuple(CREATE, null, null), tuple(CLOSE_WRITE, null, null));
        m.kernel.statxFails = false;
        assertThat(m.read(new RecordBytes().record(FAN_CLOSE_WRITE, 77).dfidName(w, "f").fid(f), T2))
                .extracting(FileEvent::fileSize).as("and the next answer is used").containsExactly(6L);
    }

    @Test
    void aFileDeletedLaterInTheSameReadIsNotAskedAboutAndAnotherOfTheSameNameNotMistakenForIt() {
        HandleKey f = m.kernel.file("/w/f", 6);
        m.kernel.size("/w/f", 999); // a newer file took the name before the read
        List<FileEvent> es = m.read(written(w, "f", f).record(FAN_DELETE, 77).dfidName(w, "f"), T1);
        assertThat(es).extracting(FileEvent::type, FileEvent::fileSize)
                .containsExactly(tuple(CREATE, null), tuple(CLOSE_WRITE, null), tuple(DELETE, null));
        assertThat(m.kernel.statxAsked).isEmpty();
    }

    @Test
    void aRecordOfADirectoryTheKernelCannotOpenIsMeasuredByPath() {
        HandleKey gone = m.kernel.object("/w/d");
        m.resolver.learn(gone, "/w/d");
        m.kernel.gone(gone);
        m.kernel.size("/w/d/f", 3);
        m.read(new RecordBytes().record(FAN_CLOSE_WRITE, 77).dfidName(gone, "f"), T1);
        List<FileEvent> es = m.read(new RecordBytes().record(FAN_CLOSE_WRITE, 77).dfidName(gone, "f"), T2);
        assertThat(es).extracting(FileEvent::fileSize).containsExactly(3L);
        assertThat(m.kernel.statxAsked).containsExactly("/w/d/f", "/w/d/f");
        assertThat(m.kernel.openFds()).isZero();
    }
}
