package io.fsmon.monitor;

import io.fsmon.linux.Fanotify;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RecordDecoder} on hand-built reads: every info record kind fsmon asks the kernel for, the
 * kinds it ignores, several records in one read, and bytes the kernel could not have produced.
 * No native call, no root.
 */
class RecordDecoderTest {
    private static final HandleKey DIR = RecordBytes.handle(7, 1);
    private static final HandleKey OTHER_DIR = RecordBytes.handle(7, 2);
    private static final HandleKey FILE = RecordBytes.handle(7, 3);

    private static List<RawRecord> decode(RecordBytes read) {
        byte[] b = read.bytes();
        List<RawRecord> out = new ArrayList<>();
        int n = RecordDecoder.decode(b, b.length, out::add);
        assertThat(n).isEqualTo(out.size());
        return out;
    }

    @Test
    void aDirectoryEntryRecordCarriesTheDirectoryTheNameAndTheChildsOwnHandle() {
        RawRecord r = decode(new RecordBytes().record(Fanotify.FAN_CREATE, 12).dfidName(DIR, "f.txt").fid(FILE))
                .getFirst();
        assertThat(r).isEqualTo(new RawRecord(Fanotify.FAN_CREATE, 12, FILE, DIR, "f.txt", null, null, null, null));
    }

    @Test
    void aFidOnlyRecordCarriesNoDirectoryAndADfidRecordNoName() {
        List<RawRecord> rs = decode(new RecordBytes()
                .record(Fanotify.FAN_DELETE_SELF, 3).fid(FILE)
                .record(Fanotify.FAN_ATTRIB | Fanotify.FAN_ONDIR, 4).dfid(DIR));
        assertThat(rs).containsExactly(
                new RawRecord(Fanotify.FAN_DELETE_SELF, 3, FILE, null, null, null, null, null, null),
                new RawRecord(Fanotify.FAN_ATTRIB | Fanotify.FAN_ONDIR, 4, null, DIR, null, null, null, null, null));
    }

    @Test
    void aRenameRecordCarriesBothSides() {
        RawRecord r = decode(new RecordBytes().record(Fanotify.FAN_RENAME, 9)
                .oldDfidName(DIR, "a").newDfidName(OTHER_DIR, "b").fid(FILE)).getFirst();
        assertThat(r).isEqualTo(new RawRecord(Fanotify.FAN_RENAME, 9, FILE, null, null, DIR, "a", OTHER_DIR, "b"));
    }

    @Test
    void pidfdAndErrorRecordsAreSkippedAndWhatFollowsThemIsRead() {
        RawRecord r = decode(new RecordBytes().record(Fanotify.FAN_FS_ERROR | Fanotify.FAN_CLOSE_WRITE, 5)
                .pidfd(33).error(5, 2).dfidName(DIR, "x")).getFirst();
        assertThat(r.dir()).isEqualTo(DIR);
        assertThat(r.name()).isEqualTo("x");
        assertThat(r.self()).isNull();
    }

    @Test
    void anOverflowRecordHasNoInfoAndAFullMaskSurvives() {
        long merged = Fanotify.FAN_CREATE | Fanotify.FAN_MODIFY | Fanotify.FAN_CLOSE_WRITE | 1L << 40;
        List<RawRecord> rs = decode(new RecordBytes().record(Fanotify.FAN_Q_OVERFLOW, 0)
                .record(merged, 1).dfidName(DIR, "f"));
        assertThat(rs.get(0)).isEqualTo(new RawRecord(Fanotify.FAN_Q_OVERFLOW, 0, null, null, null, null, null, null, null));
        assertThat(rs.get(1).mask()).isEqualTo(merged);
    }

    @Test
    void namesThatAreNotUtf8ComeInFsmonsTextFormAndEveryRecordOfAReadIsDecoded() {
        RecordBytes read = new RecordBytes();
        for (int i = 0; i < 50; i++) {
            read.record(Fanotify.FAN_CREATE, i).dfidName(i % 2 == 0 ? DIR : OTHER_DIR, "n\\xff" + i).fid(FILE);
        }
        List<RawRecord> rs = decode(read);
        assertThat(rs).hasSize(50);
        assertThat(rs.get(49).pid()).isEqualTo(49);
        assertThat(rs.get(49).name()).isEqualTo("n\\xff49");
        assertThat(rs.get(49).dir()).isEqualTo(OTHER_DIR);
    }

    @Test
    void aDirectoryHandleOfARecordIsTheSameObjectAsTheLastOneWithTheseBytes() {
        RecordDecoder.DirectoryHandles dirs = new RecordDecoder.DirectoryHandles();
        byte[] b = new RecordBytes().record(Fanotify.FAN_CREATE, 1).dfidName(DIR, "a")
                .record(Fanotify.FAN_CREATE, 1).dfidName(DIR, "b").bytes();
        List<RawRecord> rs = new ArrayList<>();
        RecordDecoder.decode(b, b.length, dirs, rs::add);
        RecordDecoder.decode(b, b.length, dirs, rs::add);
        assertThat(rs).extracting(RawRecord::dir).allMatch(d -> d == rs.getFirst().dir());
    }

    @Test
    void aReadEndingInsideAHeaderDecodesTheRecordsBeforeIt() {
        byte[] b = new RecordBytes().record(Fanotify.FAN_CREATE, 1).dfidName(DIR, "a").bytes();
        byte[] longer = Arrays.copyOf(b, b.length + Fanotify.META_SIZE - 1);
        List<RawRecord> rs = new ArrayList<>();
        assertThat(RecordDecoder.decode(longer, longer.length, rs::add)).isEqualTo(1);
    }

    @Test
    void bytesTheKernelCouldNotHaveWrittenAreRefusedWithASentence() {
        byte[] b = new RecordBytes().record(Fanotify.FAN_CREATE, 1).dfidName(DIR, "a").bytes();
        assertThatThrownBy(() -> RecordDecoder.decode(b, b.length - 4, r -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("truncated fanotify record at 0");
        byte[] version = b.clone();
        version[Fanotify.META_VERS_OFFSET] = 2;
        assertThatThrownBy(() -> RecordDecoder.decode(version, version.length, r -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("fanotify metadata version 2, expected 3");
        byte[] handle = b.clone();
        handle[Fanotify.META_SIZE + Fanotify.INFO_FID_HANDLE_OFFSET] = 100; // handle_bytes beyond the info record
        assertThatThrownBy(() -> RecordDecoder.decode(handle, handle.length, r -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("file handle of 100 bytes");
    }
}
