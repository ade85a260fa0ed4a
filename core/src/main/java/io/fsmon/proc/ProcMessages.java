package io.fsmon.proc;

import io.fsmon.linux.Netlink;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes proc-connector datagrams into {@link ProcEvent}s and counts the messages lost on the
 * way. Pure Java over the bytes {@code recv} returned, so it is tested on fabricated messages.
 *
 * <p>Why sequence numbers tell losses: the kernel numbers every process-event message with a
 * per-CPU counter ({@code cn_msg.seq}, incremented for each message sent while anyone listens)
 * and names the CPU in {@code proc_event.cpu}. A jump in one CPU's numbers is that many messages
 * the socket did not get (its buffer was full: ENOBUFS). Acknowledgements of subscriptions
 * ({@code what == PROC_EVENT_NONE}, ours and other listeners', all multicast) are numbered the same
 * way since Linux 6.6 ({@code cn_proc_ack} goes through {@code send_msg}), so they are checked
 * too; older kernels send them with cpu -1, which checks nothing real.
 *
 * <p>Not thread-safe: owned by the listener thread; {@link #lost()} may be read from anywhere.
 */
public final class ProcMessages {

    private final Map<Integer, Long> nextSeq = new HashMap<>();
    private volatile long lost;
    private volatile long messages;

    /**
     * Decodes every message in {@code buf[0, len)} (usually one per datagram) and hands the ones
     * attribution needs to {@code out}; GID, SID, PTRACE and COREDUMP are only counted.
     *
     * @throws IllegalArgumentException on a message the kernel could not have produced
     */
    public void decode(byte[] buf, int len, Consumer<ProcEvent> out) {
        int off = 0;
        while (off + Netlink.NLMSGHDR_SIZE <= len) {
            int msgLen = i32(buf, off + Netlink.NLMSG_LEN_OFFSET);
            if (msgLen < Netlink.NLMSGHDR_SIZE || msgLen > len - off) { // not off + msgLen: it may overflow
                throw new IllegalArgumentException("truncated netlink message at " + off + ": " + msgLen);
            }
            int cn = off + Netlink.CN_MSG_START;
            if (msgLen >= Netlink.PROC_EVENT_START + Netlink.EV_DATA_OFFSET
                    && i32(buf, cn + Netlink.CN_IDX_OFFSET) == Netlink.CN_IDX_PROC
                    && i32(buf, cn + Netlink.CN_VAL_OFFSET) == Netlink.CN_VAL_PROC) {
                event(buf, off, msgLen, out);
            }
            off += (msgLen + 3) & ~3; // NLMSG_ALIGN
        }
    }

    private void event(byte[] buf, int off, int msgLen, Consumer<ProcEvent> out) {
        int ev = off + Netlink.PROC_EVENT_START;
        int what = i32(buf, ev + Netlink.EV_WHAT_OFFSET);
        check(i32(buf, ev + Netlink.EV_CPU_OFFSET), i32(buf, off + Netlink.CN_MSG_START + Netlink.CN_SEQ_OFFSET));
        if (what == Netlink.PROC_EVENT_NONE) {
            return; // an acknowledgement of PROC_CN_MCAST_LISTEN
        }
        messages++;
        if (msgLen < Netlink.PROC_EVENT_START + Netlink.PROC_EVENT_SIZE) {
            throw new IllegalArgumentException("short proc_event: " + msgLen + " bytes");
        }
        long nanos = i64(buf, ev + Netlink.EV_TIMESTAMP_OFFSET);
        int d = ev + Netlink.EV_DATA_OFFSET;
        int pid = i32(buf, d + Netlink.PROCESS_PID_OFFSET);
        int tgid = i32(buf, d + Netlink.PROCESS_TGID_OFFSET);
        ProcEvent e = switch (what) {
            case Netlink.PROC_EVENT_FORK -> new ProcEvent.Fork(nanos, i32(buf, d + Netlink.FORK_PARENT_TGID_OFFSET),
                    i32(buf, d + Netlink.FORK_CHILD_PID_OFFSET), i32(buf, d + Netlink.FORK_CHILD_TGID_OFFSET));
            case Netlink.PROC_EVENT_EXEC -> new ProcEvent.Exec(nanos, pid, tgid);
            case Netlink.PROC_EVENT_EXIT -> new ProcEvent.Exit(nanos, pid, tgid, i32(buf, d + Netlink.EXIT_CODE_OFFSET));
            case Netlink.PROC_EVENT_COMM -> new ProcEvent.Comm(nanos, pid, tgid, cString(buf, d + Netlink.COMM_COMM_OFFSET, 16));
            case Netlink.PROC_EVENT_UID -> new ProcEvent.Uid(nanos, pid, tgid,
                    i32(buf, d + Netlink.ID_RUID_OFFSET), i32(buf, d + Netlink.ID_EUID_OFFSET));
            default -> null;
        };
        if (e != null) {
            out.accept(e);
        }
    }

    /** Checks one message's per-CPU sequence number; a forward jump is counted as lost messages. */
    void check(int cpu, int seq) {
        long s = Integer.toUnsignedLong(seq);
        Long expected = nextSeq.put(cpu, (s + 1) & 0xffffffffL);
        if (expected == null) {
            return; // the first message from this CPU sets where its numbers are
        }
        long gap = (s - expected) & 0xffffffffL;
        if (gap != 0 && gap < 0x80000000L) {
            lost += gap;
        }
        // A backward step (another listener's resubscription cannot cause one; a CPU brought back
        // online restarts nothing either) would be a kernel change: resynchronise without counting.
    }

    /** Process-event messages lost by this socket since it subscribed. */
    public long lost() {
        return lost;
    }

    /** Process-event messages received. */
    public long messages() {
        return messages;
    }

    private static String cString(byte[] b, int o, int max) {
        int e = o;
        while (e < o + max && b[e] != 0) {
            e++;
        }
        return new String(b, o, e - o, StandardCharsets.UTF_8);
    }

    static int i32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    static long i64(byte[] b, int o) {
        return (i32(b, o) & 0xffffffffL) | ((long) i32(b, o + 4)) << 32;
    }
}
