package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The struct layouts against the C headers; no native call. */
class FanotifyLayoutTest {

    @Test
    void eventMetadataIs24BytesWithTheHeaderOffsets() {
        assertThat(Fanotify.EVENT_METADATA.byteSize()).isEqualTo(24);
        assertThat(Fanotify.META_SIZE).isEqualTo(24);
        assertThat(Fanotify.META_EVENT_LEN_OFFSET).isZero();
        assertThat(Fanotify.META_VERS_OFFSET).isEqualTo(4);
        assertThat(Fanotify.META_METADATA_LEN_OFFSET).isEqualTo(6);
        assertThat(Fanotify.META_MASK_OFFSET).isEqualTo(8);
        assertThat(Fanotify.META_FD_OFFSET).isEqualTo(16);
        assertThat(Fanotify.META_PID_OFFSET).isEqualTo(20);
        assertThat(Fanotify.EVENT_METADATA.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("reserved"))).isEqualTo(5);
    }

    @Test
    void infoHeaderIs4Bytes() {
        assertThat(Fanotify.EVENT_INFO_HEADER.byteSize()).isEqualTo(4);
        assertThat(Fanotify.INFO_HEADER_SIZE).isEqualTo(4);
        assertThat(Fanotify.INFO_TYPE_OFFSET).isZero();
        assertThat(Fanotify.INFO_LEN_OFFSET).isEqualTo(2);
    }

    @Test
    void fidInfoHasFsidThenHandle() {
        assertThat(Fanotify.INFO_FID_FSID_OFFSET).isEqualTo(4);
        assertThat(Fanotify.INFO_FID_HANDLE_OFFSET).isEqualTo(12);
    }

    @Test
    void fileHandleHeaderIs8Bytes() {
        assertThat(Fanotify.FILE_HANDLE_HEADER.byteSize()).isEqualTo(8);
        assertThat(Fanotify.FILE_HANDLE_HEADER_SIZE).isEqualTo(8);
        assertThat(Fanotify.FILE_HANDLE_BYTES_OFFSET).isZero();
        assertThat(Fanotify.FILE_HANDLE_TYPE_OFFSET).isEqualTo(4);
    }

    @Test
    void pollfdIs8Bytes() {
        assertThat(Poll.POLLFD.byteSize()).isEqualTo(8);
        assertThat(Poll.POLLFD_REVENTS_OFFSET).isEqualTo(6);
    }

    @Test
    void compositeFlagsMatchTheHeader() {
        assertThat(Fanotify.FAN_REPORT_DFID_NAME).isEqualTo(0xC00);
        assertThat(Fanotify.FAN_REPORT_DFID_NAME_TARGET).isEqualTo(0x1E00);
        assertThat(Fanotify.O_CLOEXEC).isEqualTo(0x80000);
        assertThat(Fanotify.O_LARGEFILE).isEqualTo(0x8000);
        assertThat(Fanotify.O_PATH).isEqualTo(0x200000);
        assertThat(Fanotify.O_DIRECTORY).isEqualTo(0x10000);
        assertThat(Fanotify.O_NONBLOCK).isEqualTo(0x800);
        assertThat(EventFd.EFD_CLOEXEC).isEqualTo(Fanotify.O_CLOEXEC);
        assertThat(EventFd.EFD_NONBLOCK).isEqualTo(Fanotify.O_NONBLOCK);
    }
}
