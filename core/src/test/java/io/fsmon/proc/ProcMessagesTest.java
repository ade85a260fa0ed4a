package io.fsmon.proc;

import io.fsmon.linux.Netlink;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connector datagrams fabricated byte by byte as the kernel lays them out. */
class ProcMessagesTest {

    private final ProcMessages messages = new ProcMessages();
    private final List<ProcEvent> out = new ArrayList<>();

    /** One datagram: nlmsghdr, cn_msg, proc_event with {@code data} as event_data. */
    static byte[] message(int cpu, int seq, int what, long nanos, int... data) {
        int len = Netlink.PROC_EVENT_START + Netlink.PROC_EVENT_SIZE;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, len).putShort(4, Netlink.NLMSG_DONE);
        int cn = Netlink.CN_MSG_START;
        b.putInt(cn, Netlink.CN_IDX_PROC).putInt(cn + 4, Netlink.CN_VAL_PROC).putInt(cn + 8, seq)
                .putShort(cn + 16, (short) Netlink.PROC_EVENT_SIZE);
        int ev = Netlink.PROC_EVENT_START;
        b.putInt(ev, what).putInt(ev + 4, cpu).putLong(ev + 8, nanos);
        for (int i = 0; i < data.length; i++) {
            b.putInt(ev + 16 + 4 * i, data[i]);
        }
        return b.array();
    }

    private void decode(byte[] m) {
        messages.decode(m, m.length, out::add);
    }

    @Test
    void decodesForkExecExitUid() {
        decode(message(0, 10, Netlink.PROC_EVENT_FORK, 5, 100, 100, 200, 200));
        decode(message(0, 11, Netlink.PROC_EVENT_EXEC, 6, 200, 200));
        decode(message(0, 12, Netlink.PROC_EVENT_UID, 7, 200, 200, 65534, 65534));
        decode(message(0, 13, Netlink.PROC_EVENT_EXIT, 8, 200, 200, 256, 17, 100, 100));
        assertThat(out).containsExactly(new ProcEvent.Fork(5, 100, 200, 200), new ProcEvent.Exec(6, 200, 200),
                new ProcEvent.Uid(7, 200, 200, 65534, 65534), new ProcEvent.Exit(8, 200, 200, 256));
        assertThat(messages.lost()).isZero();
    }

    @Test
    void decodesCommCutAtItsNul() {
        byte[] m = message(1, 0, Netlink.PROC_EVENT_COMM, 9, 300, 300);
        byte[] name = "worker\0junk".getBytes();
        System.arraycopy(name, 0, m, Netlink.PROC_EVENT_START + 16 + 8, name.length);
        decode(m);
        assertThat(out).containsExactly(new ProcEvent.Comm(9, 300, 300, "worker"));
    }

    @Test
    void gapsPerCpuAreCountedAsLost() {
        decode(message(0, 100, Netlink.PROC_EVENT_EXEC, 1, 1, 1));   // sets cpu 0's numbers
        decode(message(1, 7, Netlink.PROC_EVENT_EXEC, 1, 1, 1));     // cpu 1 has its own
        decode(message(0, 101, Netlink.PROC_EVENT_EXEC, 1, 1, 1));
        decode(message(1, 8, Netlink.PROC_EVENT_EXEC, 1, 1, 1));
        assertThat(messages.lost()).isZero();
        decode(message(0, 105, Netlink.PROC_EVENT_EXEC, 1, 1, 1));   // 102..104 never came
        decode(message(1, 10, Netlink.PROC_EVENT_EXEC, 1, 1, 1));    // 9 never came
        assertThat(messages.lost()).isEqualTo(4);
        assertThat(messages.messages()).isEqualTo(6);
    }

    @Test
    void theCounterWrapsWithoutALoss() {
        decode(message(0, -1, Netlink.PROC_EVENT_EXEC, 1, 1, 1));    // 0xffffffff
        decode(message(0, 0, Netlink.PROC_EVENT_EXEC, 1, 1, 1));
        assertThat(messages.lost()).isZero();
    }

    @Test
    void acknowledgementsAreNumberedButAreNoEvents() {
        decode(message(0, 5, Netlink.PROC_EVENT_EXEC, 1, 1, 1));
        decode(message(0, 6, Netlink.PROC_EVENT_NONE, 1, 0));      // another listener subscribed (6.6+)
        decode(message(-1, 0, Netlink.PROC_EVENT_NONE, 1, 0));     // before 6.6: cpu -1, our own seq
        decode(message(0, 7, Netlink.PROC_EVENT_EXEC, 1, 1, 1));
        assertThat(out).hasSize(2);
        assertThat(messages.lost()).isZero();
        assertThat(messages.messages()).isEqualTo(2);
    }

    @Test
    void gidAndOtherKindsAreSkippedButNumbered() {
        decode(message(0, 1, Netlink.PROC_EVENT_GID, 1, 1, 1, 0, 0));
        decode(message(0, 3, Netlink.PROC_EVENT_EXEC, 1, 1, 1));
        assertThat(out).hasSize(1);
        assertThat(messages.lost()).isEqualTo(1);
    }

    @Test
    void aTruncatedMessageIsABug() {
        byte[] m = message(0, 1, Netlink.PROC_EVENT_EXEC, 1, 1, 1);
        assertThatThrownBy(() -> messages.decode(m, 30, out::add)).isInstanceOf(IllegalArgumentException.class);
    }
}
