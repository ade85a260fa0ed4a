package io.fsmon.proc;

import io.fsmon.linux.Netlink;
import io.fsmon.linux.Taskstats;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Decodes taskstats exit datagrams into {@link ProcEvent.TaskExit}s. Pure Java over the bytes
 * {@code recv} returned, so it is tested on fabricated messages.
 *
 * <p>A message is {@code nlmsghdr}, {@code genlmsghdr} ({@code TASKSTATS_CMD_NEW}), then
 * {@code TASKSTATS_TYPE_AGGR_PID} nesting {@code TASKSTATS_TYPE_PID} and
 * {@code TASKSTATS_TYPE_STATS} (the kernel may put a {@code TASKSTATS_TYPE_NULL} pad before the
 * struct to 8-align it), and, when the last thread of a multi-threaded process exits, an
 * {@code AGGR_TGID} sum, which is skipped: its comm is not the leader's. One record is sent for
 * every exiting thread; only the leader's ({@code ac_pid == ac_tgid}) names a process, so a
 * struct older than version 12 (no {@code ac_tgid}) is counted and skipped.
 *
 * <p>Not thread-safe: owned by the listener thread; the counters may be read from anywhere.
 */
public final class TaskExitMessages {

    private final short family;
    private volatile long records;
    private volatile long tooOld;

    /** @param family the id the kernel gave the TASKSTATS family (the messages' nlmsg_type) */
    public TaskExitMessages(short family) {
        this.family = family;
    }

    /**
     * Decodes every message in {@code buf[0, len)} received at {@code nanos} and hands each process
     * exit to {@code out}.
     *
     * @throws IllegalArgumentException on a message the kernel could not have produced
     */
    public void decode(byte[] buf, int len, long nanos, Consumer<ProcEvent> out) {
        int off = 0;
        while (off + Netlink.NLMSGHDR_SIZE <= len) {
            int msgLen = i32(buf, off + Netlink.NLMSG_LEN_OFFSET);
            if (msgLen < Netlink.NLMSGHDR_SIZE || msgLen > len - off) { // not off + msgLen: it may overflow
                throw new IllegalArgumentException("truncated netlink message at " + off + ": " + msgLen);
            }
            int genl = off + Netlink.NLMSGHDR_SIZE;
            if (i16(buf, off + Netlink.NLMSG_TYPE_OFFSET) == (family & 0xffff)
                    && msgLen >= Netlink.NLMSGHDR_SIZE + Taskstats.GENLMSGHDR_SIZE
                    && buf[genl] == Taskstats.TASKSTATS_CMD_NEW) {
                attributes(buf, genl + Taskstats.GENLMSGHDR_SIZE, off + msgLen, nanos, out);
            }
            off += (msgLen + 3) & ~3; // NLMSG_ALIGN
        }
    }

    private void attributes(byte[] buf, int from, int end, long nanos, Consumer<ProcEvent> out) {
        for (int a = from; a + Taskstats.NLATTR_SIZE <= end; ) {
            int len = attrLen(buf, a, end);
            if (i16(buf, a + 2) == Taskstats.TASKSTATS_TYPE_AGGR_PID) {
                aggregate(buf, a + Taskstats.NLATTR_SIZE, a + len, nanos, out);
            }
            a += (len + 3) & ~3; // NLA_ALIGN
        }
    }

    private void aggregate(byte[] buf, int from, int end, long nanos, Consumer<ProcEvent> out) {
        for (int a = from; a + Taskstats.NLATTR_SIZE <= end; ) {
            int len = attrLen(buf, a, end);
            if (i16(buf, a + 2) == Taskstats.TASKSTATS_TYPE_STATS) {
                stats(buf, a + Taskstats.NLATTR_SIZE, len - Taskstats.NLATTR_SIZE, nanos, out);
            }
            a += (len + 3) & ~3;
        }
    }

    private void stats(byte[] buf, int s, int size, long nanos, Consumer<ProcEvent> out) {
        records++;
        int version = size >= 2 ? i16(buf, s + Taskstats.TS_VERSION_OFFSET) : 0;
        if (version < Taskstats.VERSION_WITH_TGID || size < Taskstats.TS_SIZE_WITH_TGID) {
            tooOld++;
            return;
        }
        int pid = i32(buf, s + Taskstats.TS_PID_OFFSET);
        int tgid = i32(buf, s + Taskstats.TS_TGID_OFFSET);
        long etimeMicros = i32(buf, s + Taskstats.TS_ETIME_OFFSET) & 0xffffffffL
                | (long) i32(buf, s + Taskstats.TS_ETIME_OFFSET + 4) << 32;
        out.accept(new ProcEvent.TaskExit(nanos, pid, tgid, i32(buf, s + Taskstats.TS_PPID_OFFSET),
                i32(buf, s + Taskstats.TS_UID_OFFSET), comm(buf, s + Taskstats.TS_COMM_OFFSET),
                etimeMicros * 1_000));
    }

    private static int attrLen(byte[] buf, int a, int end) {
        int len = i16(buf, a);
        if (len < Taskstats.NLATTR_SIZE || a + len > end) {
            throw new IllegalArgumentException("bad netlink attribute at " + a + ": " + len);
        }
        return len;
    }

    /** Exit records received (threads included). */
    public long records() {
        return records;
    }

    /** Records skipped because their struct is older than version 12. */
    public long tooOld() {
        return tooOld;
    }

    private static String comm(byte[] b, int o) {
        int e = o;
        while (e < o + Taskstats.TS_COMM_LEN && b[e] != 0) {
            e++;
        }
        return new String(b, o, e - o, StandardCharsets.UTF_8);
    }

    private static int i16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    private static int i32(byte[] b, int o) {
        return i16(b, o) | i16(b, o + 2) << 16;
    }
}
