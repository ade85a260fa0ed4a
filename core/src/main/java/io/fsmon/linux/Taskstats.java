package io.fsmon.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's per-task statistics interface ({@code <linux/taskstats.h>},
 * Documentation/accounting/taskstats.rst) on a generic netlink socket: resolve the
 * {@code "TASKSTATS"} family with {@code CTRL_CMD_GETFAMILY}, then register a cpumask with
 * {@code TASKSTATS_CMD_ATTR_REGISTER_CPUMASK}. From then on the kernel sends, from inside
 * {@code do_exit} of every task that exits on those CPUs, a {@code TASKSTATS_CMD_NEW} message
 * holding {@code TASKSTATS_TYPE_AGGR_PID} = {pid, {@code struct taskstats}}: the task's
 * {@code ac_comm} as it was when it exited. Needs CAP_NET_ADMIN; exists only in the initial
 * network namespace (the family is not netns-aware).
 *
 * <p>Messages are decoded elsewhere from a plain little-endian {@code byte[]} with the offsets
 * below. {@code struct taskstats} is versioned and only grows at its end: fields are read at their
 * fixed offsets once {@code version} and the attribute's length show they are there.
 */
public final class Taskstats implements AutoCloseable {

    public static final int NETLINK_GENERIC = 16;
    public static final short GENL_ID_CTRL = 0x10;
    public static final byte CTRL_CMD_GETFAMILY = 3;
    public static final short CTRL_ATTR_FAMILY_ID = 1;
    public static final short CTRL_ATTR_FAMILY_NAME = 2;
    public static final short NLM_F_REQUEST = 1;
    public static final short NLM_F_ACK = 4;
    public static final short NLMSG_ERROR = 2;

    public static final String TASKSTATS_GENL_NAME = "TASKSTATS";
    public static final byte TASKSTATS_GENL_VERSION = 1;
    public static final byte TASKSTATS_CMD_GET = 1;
    public static final byte TASKSTATS_CMD_NEW = 2;
    public static final short TASKSTATS_TYPE_PID = 1;
    public static final short TASKSTATS_TYPE_TGID = 2;
    public static final short TASKSTATS_TYPE_STATS = 3;
    public static final short TASKSTATS_TYPE_AGGR_PID = 4;
    public static final short TASKSTATS_TYPE_AGGR_TGID = 5;
    public static final short TASKSTATS_CMD_ATTR_REGISTER_CPUMASK = 3;
    public static final short TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK = 4;
    public static final int TS_COMM_LEN = 32;
    /** The first version with {@code ac_tgid}, which tells a process's leader from its threads. */
    public static final int VERSION_WITH_TGID = 12;

    /** {@code struct genlmsghdr { __u8 cmd; __u8 version; __u16 reserved; }} — 4 bytes. */
    public static final StructLayout GENLMSGHDR = MemoryLayout.structLayout(
            JAVA_BYTE.withName("cmd"), JAVA_BYTE.withName("version"), JAVA_SHORT.withName("reserved"))
            .withName("genlmsghdr");

    /** {@code struct nlattr { __u16 nla_len; __u16 nla_type; }} — 4 bytes, payload after it, 4-aligned. */
    public static final StructLayout NLATTR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nla_len"), JAVA_SHORT.withName("nla_type")).withName("nlattr");

    /**
     * {@code struct taskstats} up to {@code ac_tgid} (version 12); the fields fsmon does not read
     * are grouped as the header's comments group them.
     */
    public static final StructLayout TASKSTATS = MemoryLayout.structLayout(
            JAVA_SHORT.withName("version"), MemoryLayout.paddingLayout(2),
            JAVA_INT.withName("ac_exitcode"),
            JAVA_BYTE.withName("ac_flag"), JAVA_BYTE.withName("ac_nice"), MemoryLayout.paddingLayout(6),
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("delay_accounting"), // cpu_count .. cpu_run_virtual_total
            MemoryLayout.sequenceLayout(TS_COMM_LEN, JAVA_BYTE).withName("ac_comm"),
            JAVA_BYTE.withName("ac_sched"), MemoryLayout.sequenceLayout(3, JAVA_BYTE).withName("ac_pad"),
            MemoryLayout.paddingLayout(4),
            JAVA_INT.withName("ac_uid"), JAVA_INT.withName("ac_gid"),
            JAVA_INT.withName("ac_pid"), JAVA_INT.withName("ac_ppid"),
            JAVA_INT.withName("ac_btime"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("ac_etime"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("basic_accounting"), // ac_utime .. ac_majflt
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("extended_accounting"), // coremem .. write_syscalls
            MemoryLayout.sequenceLayout(12, JAVA_LONG).withName("io_and_delays"), // read_bytes .. thrashing_delay_total
            JAVA_LONG.withName("ac_btime64"), // v10
            MemoryLayout.sequenceLayout(2, JAVA_LONG).withName("compact"), // v11
            JAVA_INT.withName("ac_tgid")) // v12
            .withName("taskstats");

    public static final int GENLMSGHDR_SIZE = (int) GENLMSGHDR.byteSize();
    public static final int NLATTR_SIZE = (int) NLATTR.byteSize();
    public static final int TS_VERSION_OFFSET = offset("version");
    public static final int TS_COMM_OFFSET = offset("ac_comm");
    public static final int TS_UID_OFFSET = offset("ac_uid");
    public static final int TS_PID_OFFSET = offset("ac_pid");
    public static final int TS_PPID_OFFSET = offset("ac_ppid");
    public static final int TS_ETIME_OFFSET = offset("ac_etime");
    public static final int TS_TGID_OFFSET = offset("ac_tgid");
    /** The bytes a version-12 struct has at least: up to and including {@code ac_tgid}. */
    public static final int TS_SIZE_WITH_TGID = (int) TASKSTATS.byteSize();

    /** What {@link #receive} returns when the kernel dropped messages because the socket was full. */
    public static final int OVERRUN = Netlink.OVERRUN;
    /** Large enough for any taskstats datagram (one exit is ~450 bytes; newer structs grow). */
    public static final int BUFFER_SIZE = 16384;
    private static final int REPLY_TIMEOUT_MILLIS = 2000;

    private final int fd;
    private final short family;
    private final String cpuList;
    private final Arena arena;
    private final MemorySegment buffer;

    private Taskstats(int fd, short family, String cpuList) {
        this.fd = fd;
        this.family = family;
        this.cpuList = cpuList;
        this.arena = Arena.ofShared(); // opened on one thread, read on the listener it is handed to
        this.buffer = arena.allocate(BUFFER_SIZE, Long.BYTES);
    }

    private static int offset(String field) {
        return (int) TASKSTATS.byteOffset(groupElement(field));
    }

    /** The socket's fd, to poll on. */
    public int fd() {
        return fd;
    }

    /** The generic netlink family id the kernel gave {@code TASKSTATS}: the type of its messages. */
    public short family() {
        return family;
    }

    /**
     * Opens a nonblocking generic netlink socket, resolves the family and registers for the exits
     * on the CPUs of {@code cpuList} (a cpulist such as {@code "0-3"}, e.g. the system's possible CPUs).
     *
     * @throws NativeException ENOENT when the kernel has no taskstats (CONFIG_TASKSTATS off, or a
     *     network namespace other than the initial one), EPERM without CAP_NET_ADMIN, EINVAL for a
     *     mask naming impossible CPUs, ETIMEDOUT when the kernel does not answer
     */
    public static Taskstats openExitListener(String cpuList, int receiveBuffer) throws NativeException {
        int fd = Netlink.socket(Netlink.AF_NETLINK,
                Netlink.SOCK_DGRAM | Netlink.SOCK_NONBLOCK | Netlink.SOCK_CLOEXEC, NETLINK_GENERIC);
        try {
            try {
                Netlink.setIntOption(fd, Netlink.SO_RCVBUFFORCE, receiveBuffer);
            } catch (NativeException e) {
                Netlink.setIntOption(fd, Netlink.SO_RCVBUF, receiveBuffer);
            }
            Netlink.bind(fd, 0);
            short family = resolveFamily(fd);
            send(fd, family, (short) (NLM_F_REQUEST | NLM_F_ACK), TASKSTATS_CMD_GET, TASKSTATS_GENL_VERSION,
                    TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, cString(cpuList));
            awaitReply(fd, "TASKSTATS_CMD_ATTR_REGISTER_CPUMASK");
            return new Taskstats(fd, family, cpuList);
        } catch (NativeException e) {
            Unistd.close(fd);
            throw e;
        }
    }

    /** {@code CTRL_CMD_GETFAMILY} for {@code "TASKSTATS"}; the reply's {@code CTRL_ATTR_FAMILY_ID}. */
    private static short resolveFamily(int fd) throws NativeException {
        send(fd, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY, (byte) 1, CTRL_ATTR_FAMILY_NAME,
                cString(TASKSTATS_GENL_NAME));
        return familyIn(awaitReply(fd, "CTRL_CMD_GETFAMILY"));
    }

    /** The {@code CTRL_ATTR_FAMILY_ID} of a {@code CTRL_CMD_GETFAMILY} reply; ENOENT when it holds none. */
    static short familyIn(byte[] reply) throws NativeException {
        int off = Netlink.NLMSGHDR_SIZE + GENLMSGHDR_SIZE;
        int end = reply.length < Netlink.NLMSGHDR_SIZE ? 0 : Math.min(reply.length, le32(reply, Netlink.NLMSG_LEN_OFFSET));
        while (off + NLATTR_SIZE <= end) {
            int len = le16(reply, off);
            if (len < NLATTR_SIZE || off + len > end) {
                break;
            }
            if (le16(reply, off + 2) == CTRL_ATTR_FAMILY_ID && len >= NLATTR_SIZE + 2) {
                return (short) le16(reply, off + NLATTR_SIZE);
            }
            off += (len + 3) & ~3;
        }
        throw new NativeException("CTRL_CMD_GETFAMILY", TASKSTATS_GENL_NAME, NativeException.ENOENT);
    }

    /** Sends nlmsghdr + genlmsghdr + one attribute to the kernel. */
    private static void send(int fd, short type, short flags, byte cmd, byte version, short attrType,
                             byte[] payload) throws NativeException {
        int attrLen = NLATTR_SIZE + payload.length;
        int total = Netlink.NLMSGHDR_SIZE + GENLMSGHDR_SIZE + ((attrLen + 3) & ~3);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(total, 4);
            m.set(JAVA_INT, Netlink.NLMSG_LEN_OFFSET, total);
            m.set(JAVA_SHORT, Netlink.NLMSG_TYPE_OFFSET, type);
            m.set(JAVA_SHORT, Netlink.NLMSGHDR.byteOffset(groupElement("nlmsg_flags")), flags);
            int g = Netlink.NLMSGHDR_SIZE;
            m.set(JAVA_BYTE, g + GENLMSGHDR.byteOffset(groupElement("cmd")), cmd);
            m.set(JAVA_BYTE, g + GENLMSGHDR.byteOffset(groupElement("version")), version);
            int at = g + GENLMSGHDR_SIZE;
            m.set(JAVA_SHORT, at + NLATTR.byteOffset(groupElement("nla_len")), (short) attrLen);
            m.set(JAVA_SHORT, at + NLATTR.byteOffset(groupElement("nla_type")), attrType);
            MemorySegment.copy(payload, 0, m, JAVA_BYTE, at + NLATTR_SIZE, payload.length);
            long n = Unistd.write(fd, m, total); // unconnected netlink: goes to the kernel (port 0)
            if (n < 0) {
                throw new NativeException("send", null, (int) -n);
            }
        }
    }

    /**
     * Waits for the kernel's answer to a request: a message of another type, or an
     * {@code NLMSG_ERROR} whose error 0 is an acknowledgement.
     */
    private static byte[] awaitReply(int fd, String request) throws NativeException {
        long deadline = System.nanoTime() + REPLY_TIMEOUT_MILLIS * 1_000_000L;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(BUFFER_SIZE, Long.BYTES);
            while (true) {
                long n = Unistd.read(fd, buf, BUFFER_SIZE);
                if (n == -NativeException.EAGAIN) {
                    int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
                    if (left <= 0) {
                        throw new NativeException(request, null, NativeException.ETIMEDOUT);
                    }
                    Poll.poll(new int[] {fd}, Poll.POLLIN, left);
                    continue;
                }
                if (n < 0) {
                    throw new NativeException("recv", null, (int) -n);
                }
                byte[] reply = buf.asSlice(0, n).toArray(JAVA_BYTE);
                if (n >= Netlink.NLMSGHDR_SIZE + Integer.BYTES && le16(reply, Netlink.NLMSG_TYPE_OFFSET) == NLMSG_ERROR) {
                    int error = le32(reply, Netlink.NLMSGHDR_SIZE); // struct nlmsgerr { int error; ... }
                    if (error != 0) {
                        throw new NativeException(request, null, -error);
                    }
                }
                return reply;
            }
        }
    }

    /**
     * Receives one datagram and copies it to {@code dst[0, n)}.
     *
     * @return its length; 0 when nothing is queued (EAGAIN); {@link #OVERRUN} on ENOBUFS (the
     *     kernel dropped exits because the receive buffer was full; the socket stays usable)
     */
    public int receive(byte[] dst) throws NativeException {
        return Netlink.receive(fd, buffer, dst);
    }

    /**
     * Deregisters (otherwise the kernel drops the listener only at its next failed send), closes
     * the socket and frees the buffer.
     */
    @Override
    public void close() {
        try {
            send(fd, family, NLM_F_REQUEST, TASKSTATS_CMD_GET, TASKSTATS_GENL_VERSION,
                    TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK, cString(cpuList));
        } catch (NativeException e) {
            // closing anyway: the kernel forgets a closed listener on its next send (ECONNREFUSED)
        }
        Unistd.close(fd);
        arena.close();
    }

    private static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    private static int le16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int o) {
        return le16(b, o) | le16(b, o + 2) << 16;
    }
}
