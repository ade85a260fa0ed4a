package io.fsmon.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.linux.Taskstats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Taskstats exit datagrams built as the kernel builds them. */
class TaskExitMessagesTest {

    private static final short FAMILY = 0x1f;

    /** nlmsghdr + genlmsghdr + AGGR_PID{PID, NULL pad, STATS} as {@code taskstats_exit} sends it. */
    private static byte[] exitMessage(int version, int structSize, int pid, int tgid, String comm) {
        ByteBuffer stats = ByteBuffer.allocate(structSize).order(ByteOrder.LITTLE_ENDIAN);
        stats.putShort(Taskstats.TS_VERSION_OFFSET, (short) version);
        byte[] c = comm.getBytes(StandardCharsets.UTF_8);
        stats.put(Taskstats.TS_COMM_OFFSET, c);
        stats.putInt(Taskstats.TS_UID_OFFSET, 65534);
        stats.putInt(Taskstats.TS_PID_OFFSET, pid);
        stats.putInt(Taskstats.TS_PPID_OFFSET, 50);
        stats.putLong(Taskstats.TS_ETIME_OFFSET, 1234);
        if (structSize >= Taskstats.TS_SIZE_WITH_TGID) {
            stats.putInt(Taskstats.TS_TGID_OFFSET, tgid);
        }
        int nested = 8 + 4 + 4 + structSize; // PID attr, NULL pad attr, STATS attr
        int total = 16 + 4 + 4 + nested;
        ByteBuffer m = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(total).putShort(FAMILY).putShort((short) 0).putInt(0).putInt(0);
        m.put(Taskstats.TASKSTATS_CMD_NEW).put((byte) 1).putShort((short) 0);
        m.putShort((short) (4 + nested)).putShort(Taskstats.TASKSTATS_TYPE_AGGR_PID);
        m.putShort((short) 8).putShort(Taskstats.TASKSTATS_TYPE_PID).putInt(pid);
        m.putShort((short) 4).putShort((short) 6); // TASKSTATS_TYPE_NULL: 8-aligns the struct
        m.putShort((short) (4 + structSize)).putShort(Taskstats.TASKSTATS_TYPE_STATS).put(stats.array());
        return m.array();
    }

    @Test
    void decodesTheCommAndIdsOfAnExit() {
        byte[] b = exitMessage(13, 416, 4242, 4242, "sh");
        List<ProcEvent> out = new ArrayList<>();
        new TaskExitMessages(FAMILY).decode(b, b.length, 99_000, out::add);
        assertThat(out).containsExactly(new ProcEvent.TaskExit(99_000, 4242, 4242, 50, 65534, "sh", 1_234_000));
    }

    @Test
    void aFullLengthCommIsNotCutAtFifteenBytes() {
        byte[] b = exitMessage(12, Taskstats.TS_SIZE_WITH_TGID, 7, 7, "a-very-long-name");
        List<ProcEvent> out = new ArrayList<>();
        new TaskExitMessages(FAMILY).decode(b, b.length, 0, out::add);
        assertThat(((ProcEvent.TaskExit) out.get(0)).comm()).isEqualTo("a-very-long-name");
    }

    @Test
    void structsWithoutTgidAreCountedAndSkipped() {
        byte[] b = exitMessage(11, 368, 7, 7, "true");
        TaskExitMessages m = new TaskExitMessages(FAMILY);
        List<ProcEvent> out = new ArrayList<>();
        m.decode(b, b.length, 0, out::add);
        assertThat(out).isEmpty();
        assertThat(m.records()).isEqualTo(1);
        assertThat(m.tooOld()).isEqualTo(1);
    }

    @Test
    void otherFamiliesAreIgnoredAndTruncationIsRefused() {
        byte[] b = exitMessage(13, 416, 7, 7, "true");
        List<ProcEvent> out = new ArrayList<>();
        new TaskExitMessages((short) 0x20).decode(b, b.length, 0, out::add);
        assertThat(out).isEmpty();
        assertThatThrownBy(() -> new TaskExitMessages(FAMILY).decode(b, b.length - 8, 0, out::add))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
