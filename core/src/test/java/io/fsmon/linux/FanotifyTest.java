package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real fanotify group in FID mode, on a temporary directory (root only). */
@KernelTest
class FanotifyTest {

    private static final int INIT_FLAGS = Fanotify.FAN_CLASS_NOTIF | Fanotify.FAN_CLOEXEC
            | Fanotify.FAN_NONBLOCK | Fanotify.FAN_REPORT_DFID_NAME | Fanotify.FAN_REPORT_FID;
    private static final int EVENT_F_FLAGS = Fanotify.O_RDONLY | Fanotify.O_CLOEXEC | Fanotify.O_LARGEFILE;

    @TempDir
    Path dir;

    private int fan = -1;

    @BeforeEach
    void init() throws NativeException {
        Privileged.assumeRoot();
        fan = Fanotify.init(INIT_FLAGS, EVENT_F_FLAGS);
    }

    @AfterEach
    void close() {
        if (fan >= 0) {
            Unistd.close(fan);
        }
    }

    /** One info record of a fanotify record: its type, the file handle, and the name if any. */
    record Info(int type, byte[] handle, String name) {
    }

    /** One fanotify record, decoded from the byte[] the way the monitor will. */
    record Event(long mask, int fd, int pid, List<Info> infos) {
    }

    @Test
    void createReportsTheParentHandleAndTheName() throws Exception {
        Fanotify.mark(fan, Fanotify.FAN_MARK_ADD,
                Fanotify.FAN_CREATE | Fanotify.FAN_EVENT_ON_CHILD | Fanotify.FAN_ONDIR,
                Fanotify.AT_FDCWD, dir.toString());
        Files.createFile(dir.resolve("hello.txt"));

        List<Event> events = readEvents();

        Event create = events.stream().filter(e -> (e.mask() & Fanotify.FAN_CREATE) != 0)
                .findFirst().orElseThrow();
        assertThat(create.fd()).isEqualTo(Fanotify.FAN_NOFD);
        assertThat(create.pid()).isEqualTo(Unistd.getpid());
        Info dfidName = create.infos().stream()
                .filter(i -> i.type() == Fanotify.FAN_EVENT_INFO_TYPE_DFID_NAME)
                .findFirst().orElseThrow();
        assertThat(dfidName.name()).isEqualTo("hello.txt");
        // The handle in the record is the directory's struct file_handle, byte for byte.
        assertThat(dfidName.handle())
                .isEqualTo(FileHandles.nameToHandleAt(Unistd.AT_FDCWD, dir.toString(), 0).bytes());
        // Without FAN_REPORT_TARGET_FID a dirent event carries no FID of the child.
        assertThat(create.infos()).extracting(Info::type).containsExactly(Fanotify.FAN_EVENT_INFO_TYPE_DFID_NAME);
    }

    @Test
    void targetFidModeAlsoReportsTheChildHandle() throws Exception {
        int target = Fanotify.init(Fanotify.FAN_CLASS_NOTIF | Fanotify.FAN_CLOEXEC | Fanotify.FAN_NONBLOCK
                | Fanotify.FAN_REPORT_DFID_NAME_TARGET, EVENT_F_FLAGS);
        Unistd.close(fan);
        fan = target;
        Fanotify.mark(fan, Fanotify.FAN_MARK_ADD, Fanotify.FAN_CREATE | Fanotify.FAN_EVENT_ON_CHILD,
                Fanotify.AT_FDCWD, dir.toString());
        Path file = Files.createFile(dir.resolve("child"));

        Event create = readEvents().getFirst();

        assertThat(create.mask()).isEqualTo(Fanotify.FAN_CREATE);
        assertThat(create.infos()).extracting(Info::type).containsExactly(
                Fanotify.FAN_EVENT_INFO_TYPE_DFID_NAME, Fanotify.FAN_EVENT_INFO_TYPE_FID);
        assertThat(create.infos().get(1).handle())
                .isEqualTo(FileHandles.nameToHandleAt(Unistd.AT_FDCWD, file.toString(), 0).bytes());
    }

    @Test
    void markWithANullPathMarksTheDirFd() throws Exception {
        int dirFd = Unistd.open(dir.toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        try {
            Fanotify.mark(fan, Fanotify.FAN_MARK_ADD, Fanotify.FAN_CREATE | Fanotify.FAN_ONDIR, dirFd);
        } finally {
            Unistd.close(dirFd);
        }
        Files.createDirectory(dir.resolve("sub"));
        assertThat(readEvents()).anySatisfy(e -> {
            assertThat(e.mask()).isEqualTo(Fanotify.FAN_CREATE | Fanotify.FAN_ONDIR);
            assertThat(e.infos()).extracting(Info::name).contains("sub");
        });
    }

    @Test
    void emptyNonblockingQueueReadsZero() throws Exception {
        try (FanotifyReader reader = new FanotifyReader(fan)) {
            assertThat(reader.read(new byte[reader.bufferSize()])).isZero();
        }
    }

    @Test
    void markOfAMissingPathIsEnoent() {
        String missing = dir.resolve("missing").toString();
        assertThatThrownBy(() -> Fanotify.mark(fan, Fanotify.FAN_MARK_ADD, Fanotify.FAN_CREATE,
                        Fanotify.AT_FDCWD, missing))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(NativeException.ENOENT);
                    assertThat(e.function()).isEqualTo("fanotify_mark");
                    assertThat(e.path()).isEqualTo(missing);
                });
    }

    @Test
    void unknownInitFlagIsEinval() {
        assertThatThrownBy(() -> Fanotify.init(INIT_FLAGS | 0x8000_0000, EVENT_F_FLAGS))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.errno()).isEqualTo(NativeException.EINVAL));
    }

    private List<Event> readEvents() throws NativeException {
        assertThat(Poll.poll(new int[] {fan}, Poll.POLLIN, 5_000)).isEqualTo(1);
        try (FanotifyReader reader = new FanotifyReader(fan)) {
            byte[] buf = new byte[reader.bufferSize()];
            int n = reader.read(buf);
            assertThat(n).isGreaterThanOrEqualTo(Fanotify.META_SIZE);
            return decode(buf, n);
        }
    }

    private static List<Event> decode(byte[] buf, int n) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        for (int at = 0; at + Fanotify.META_SIZE <= n; ) {
            int len = b.getInt(at + Fanotify.META_EVENT_LEN_OFFSET);
            assertThat(b.get(at + Fanotify.META_VERS_OFFSET)).isEqualTo((byte) Fanotify.FANOTIFY_METADATA_VERSION);
            assertThat(b.getShort(at + Fanotify.META_METADATA_LEN_OFFSET)).isEqualTo((short) Fanotify.META_SIZE);
            List<Info> infos = new ArrayList<>();
            for (int i = at + Fanotify.META_SIZE; i < at + len; ) {
                int type = b.get(i + Fanotify.INFO_TYPE_OFFSET) & 0xff;
                int infoLen = b.getShort(i + Fanotify.INFO_LEN_OFFSET) & 0xffff;
                int h = i + Fanotify.INFO_FID_HANDLE_OFFSET;
                int handleLen = Fanotify.FILE_HANDLE_HEADER_SIZE + b.getInt(h + Fanotify.FILE_HANDLE_BYTES_OFFSET);
                byte[] handle = Arrays.copyOfRange(buf, h, h + handleLen);
                String name = null;
                if (type == Fanotify.FAN_EVENT_INFO_TYPE_DFID_NAME) {
                    int end = h + handleLen;
                    while (buf[end] != 0) {
                        end++;
                    }
                    name = new String(buf, h + handleLen, end - h - handleLen, StandardCharsets.UTF_8);
                }
                infos.add(new Info(type, handle, name));
                i += infoLen;
            }
            events.add(new Event(b.getLong(at + Fanotify.META_MASK_OFFSET),
                    b.getInt(at + Fanotify.META_FD_OFFSET), b.getInt(at + Fanotify.META_PID_OFFSET), infos));
            at += len;
        }
        return events;
    }
}
