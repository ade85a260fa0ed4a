package io.fsmon.monitor;

import io.fsmon.linux.Fanotify;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** Directory handles decoded once and reused by content. */
class DirectoryHandlesTest {

    /** A FID info record at {@code at}: fsid, then a struct file_handle with {@code handle} as its bytes. */
    private static byte[] info(int at, long fsid, byte... handle) {
        ByteBuffer b = ByteBuffer.allocate(at + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(at + Fanotify.INFO_FID_FSID_OFFSET, fsid);
        int h = at + Fanotify.INFO_FID_HANDLE_OFFSET;
        b.putInt(h, handle.length);
        b.putInt(h + 4, 1); // handle_type
        b.put(h + Fanotify.FILE_HANDLE_HEADER_SIZE, handle);
        return b.array();
    }

    @Test
    void equalBytesGiveTheSameKeyOthersAnotherWithTheHashOfAFreshOne() {
        RecordDecoder.DirectoryHandles dirs = new RecordDecoder.DirectoryHandles();
        HandleKey a = dirs.of(info(0, 7, (byte) 1, (byte) 2, (byte) -3), 0);
        assertThat(dirs.of(info(12, 7, (byte) 1, (byte) 2, (byte) -3), 12)).isSameAs(a);
        HandleKey otherFs = dirs.of(info(0, 8, (byte) 1, (byte) 2, (byte) -3), 0);
        HandleKey otherBytes = dirs.of(info(0, 7, (byte) 1, (byte) 2, (byte) 4), 0);
        assertThat(otherFs).isNotEqualTo(a);
        assertThat(otherBytes).isNotEqualTo(a);
        byte[] whole = new byte[Fanotify.FILE_HANDLE_HEADER_SIZE + 3];
        System.arraycopy(info(0, 7, (byte) 1, (byte) 2, (byte) -3), Fanotify.INFO_FID_HANDLE_OFFSET, whole, 0, whole.length);
        HandleKey fresh = new HandleKey(7, whole);
        assertThat(fresh).isEqualTo(a).hasSameHashCodeAs(a);
    }
}
