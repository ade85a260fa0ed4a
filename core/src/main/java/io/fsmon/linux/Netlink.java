package io.fsmon.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.invoke.MethodHandle;

/**
 * netlink(7) sockets for the process events connector ({@code <linux/connector.h>},
 * {@code <linux/cn_proc.h>}): {@code socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR)}, bound
 * to the {@code CN_IDX_PROC} multicast group, told {@code PROC_CN_MCAST_LISTEN}.
 *
 * <p>Messages are decoded elsewhere from a plain little-endian {@code byte[]} with the
 * {@code *_OFFSET} constants below, derived from the named layouts. In a datagram the
 * {@code proc_event} starts at byte 36, so its 8-byte timestamp is <em>not</em> 8-aligned there.
 */
public final class Netlink implements AutoCloseable {

    public static final int AF_NETLINK = 16;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int NETLINK_CONNECTOR = 11;
    public static final int SOL_SOCKET = 1;
    /** Like SO_RCVBUF but beyond {@code net.core.rmem_max}; needs CAP_NET_ADMIN. */
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_RCVBUF = 8;
    public static final short NLMSG_DONE = 3;
    public static final int CN_IDX_PROC = 1;
    public static final int CN_VAL_PROC = 1;
    public static final int PROC_CN_MCAST_LISTEN = 1;

    // enum proc_event.what
    public static final int PROC_EVENT_NONE = 0;
    public static final int PROC_EVENT_FORK = 0x00000001;
    public static final int PROC_EVENT_EXEC = 0x00000002;
    public static final int PROC_EVENT_UID = 0x00000004;
    public static final int PROC_EVENT_GID = 0x00000040;
    public static final int PROC_EVENT_SID = 0x00000080;
    public static final int PROC_EVENT_PTRACE = 0x00000100;
    public static final int PROC_EVENT_COMM = 0x00000200;
    public static final int PROC_EVENT_COREDUMP = 0x40000000;
    public static final int PROC_EVENT_EXIT = 0x80000000;

    /** {@code struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }} */
    public static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"), JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"), JAVA_INT.withName("nl_groups")).withName("sockaddr_nl");

    /** {@code struct nlmsghdr { __u32 len; __u16 type; __u16 flags; __u32 seq; __u32 pid; }} — 16 bytes. */
    public static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
            JAVA_INT.withName("nlmsg_len"), JAVA_SHORT.withName("nlmsg_type"),
            JAVA_SHORT.withName("nlmsg_flags"), JAVA_INT.withName("nlmsg_seq"),
            JAVA_INT.withName("nlmsg_pid")).withName("nlmsghdr");

    /** {@code struct cn_msg { struct cb_id { __u32 idx, val; } id; __u32 seq, ack; __u16 len, flags; __u8 data[]; }} — 20 bytes. */
    public static final StructLayout CN_MSG = MemoryLayout.structLayout(
            JAVA_INT.withName("idx"), JAVA_INT.withName("val"), JAVA_INT.withName("seq"),
            JAVA_INT.withName("ack"), JAVA_SHORT.withName("len"), JAVA_SHORT.withName("flags")).withName("cn_msg");

    /** {@code struct fork_proc_event { parent_pid, parent_tgid, child_pid, child_tgid; }} */
    public static final StructLayout FORK_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("parent_pid"), JAVA_INT.withName("parent_tgid"),
            JAVA_INT.withName("child_pid"), JAVA_INT.withName("child_tgid")).withName("fork_proc_event");

    /** {@code struct id_proc_event { process_pid, process_tgid; union { ruid, rgid }; union { euid, egid }; }} */
    public static final StructLayout ID_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("process_pid"), JAVA_INT.withName("process_tgid"),
            JAVA_INT.withName("r"), JAVA_INT.withName("e")).withName("id_proc_event");

    /** {@code struct comm_proc_event { process_pid, process_tgid; char comm[16]; }} */
    public static final StructLayout COMM_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("process_pid"), JAVA_INT.withName("process_tgid"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("comm")).withName("comm_proc_event");

    /** {@code struct exit_proc_event { process_pid, process_tgid, exit_code, exit_signal, parent_pid, parent_tgid; }} */
    public static final StructLayout EXIT_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("process_pid"), JAVA_INT.withName("process_tgid"),
            JAVA_INT.withName("exit_code"), JAVA_INT.withName("exit_signal"),
            JAVA_INT.withName("parent_pid"), JAVA_INT.withName("parent_tgid")).withName("exit_proc_event");

    /** The members of {@code event_data} fsmon reads (exec's is the first two fields of any of them). */
    public static final UnionLayout EVENT_DATA = MemoryLayout.unionLayout(
            FORK_EVENT.withName("fork"), ID_EVENT.withName("id"), COMM_EVENT.withName("comm"),
            EXIT_EVENT.withName("exit")).withName("event_data");

    /** {@code struct proc_event { __u32 what; __u32 cpu; __u64 timestamp_ns; union event_data; }} — 40 bytes. */
    public static final StructLayout PROC_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("what"), JAVA_INT.withName("cpu"), JAVA_LONG.withName("timestamp_ns"),
            EVENT_DATA).withName("proc_event");

    public static final int NLMSG_LEN_OFFSET = (int) NLMSGHDR.byteOffset(groupElement("nlmsg_len"));
    public static final int NLMSG_TYPE_OFFSET = (int) NLMSGHDR.byteOffset(groupElement("nlmsg_type"));
    public static final int NLMSGHDR_SIZE = (int) NLMSGHDR.byteSize();
    /** Where the cn_msg starts in a datagram (NLMSG_HDRLEN: the header is already 4-aligned). */
    public static final int CN_MSG_START = NLMSGHDR_SIZE;
    public static final int CN_IDX_OFFSET = (int) CN_MSG.byteOffset(groupElement("idx"));
    public static final int CN_VAL_OFFSET = (int) CN_MSG.byteOffset(groupElement("val"));
    public static final int CN_SEQ_OFFSET = (int) CN_MSG.byteOffset(groupElement("seq"));
    public static final int CN_LEN_OFFSET = (int) CN_MSG.byteOffset(groupElement("len"));
    public static final int CN_MSG_SIZE = (int) CN_MSG.byteSize();
    /** Where the proc_event starts in a datagram. */
    public static final int PROC_EVENT_START = CN_MSG_START + CN_MSG_SIZE;
    public static final int EV_WHAT_OFFSET = (int) PROC_EVENT.byteOffset(groupElement("what"));
    public static final int EV_CPU_OFFSET = (int) PROC_EVENT.byteOffset(groupElement("cpu"));
    public static final int EV_TIMESTAMP_OFFSET = (int) PROC_EVENT.byteOffset(groupElement("timestamp_ns"));
    public static final int EV_DATA_OFFSET = (int) PROC_EVENT.byteOffset(groupElement("event_data"));
    public static final int PROC_EVENT_SIZE = (int) PROC_EVENT.byteSize();
    public static final int FORK_PARENT_TGID_OFFSET = (int) FORK_EVENT.byteOffset(groupElement("parent_tgid"));
    public static final int FORK_CHILD_PID_OFFSET = (int) FORK_EVENT.byteOffset(groupElement("child_pid"));
    public static final int FORK_CHILD_TGID_OFFSET = (int) FORK_EVENT.byteOffset(groupElement("child_tgid"));
    public static final int ID_RUID_OFFSET = (int) ID_EVENT.byteOffset(groupElement("r"));
    public static final int ID_EUID_OFFSET = (int) ID_EVENT.byteOffset(groupElement("e"));
    public static final int COMM_COMM_OFFSET = (int) COMM_EVENT.byteOffset(groupElement("comm"));
    public static final int EXIT_CODE_OFFSET = (int) EXIT_EVENT.byteOffset(groupElement("exit_code"));
    public static final int EXIT_PARENT_TGID_OFFSET = (int) EXIT_EVENT.byteOffset(groupElement("parent_tgid"));
    /** Every member of event_data starts with process_pid then process_tgid. */
    public static final int PROCESS_PID_OFFSET = 0;
    public static final int PROCESS_TGID_OFFSET = 4;

    /** What {@link #receive} returns when the kernel dropped messages because the socket was full. */
    public static final int OVERRUN = -1;

    /** Large enough for any connector datagram (one proc_event is 76 bytes with its headers). */
    public static final int BUFFER_SIZE = 8192;

    private final int fd;
    private final Arena arena;
    private final MemorySegment buffer;

    private Netlink(int fd) {
        this.fd = fd;
        // Shared so the socket can be opened on one thread and read on the listener thread it is
        // handed to; only that thread reads, and it closes after its loop ends.
        this.arena = Arena.ofShared();
        this.buffer = arena.allocate(BUFFER_SIZE, Long.BYTES);
    }

    /** The socket's fd, to poll on. */
    public int fd() {
        return fd;
    }

    /** {@code int socket(int domain, int type, int protocol);} */
    static final class Socket {
        static final MethodHandle MH = Libc.downcallErrno("socket",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
    static final class Bind {
        static final MethodHandle MH = Libc.downcallErrno("bind",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen);} */
    static final class SetSockOpt {
        static final MethodHandle MH = Libc.downcallErrno("setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /**
     * Opens a nonblocking proc-connector socket subscribed to process events: socket, a receive
     * buffer of {@code receiveBuffer} bytes (forced past rmem_max where allowed, since a burst of
     * forks must not overrun it), bind to {@code CN_IDX_PROC}, send {@code PROC_CN_MCAST_LISTEN}.
     *
     * @return the socket, owned by the caller ({@link #close} closes the fd and frees the buffer)
     * @throws NativeException EPROTONOSUPPORT without CONFIG_PROC_EVENTS, EPERM without CAP_NET_ADMIN
     */
    public static Netlink openProcConnector(int receiveBuffer) throws NativeException {
        int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
        try {
            try {
                setIntOption(fd, SO_RCVBUFFORCE, receiveBuffer);
            } catch (NativeException e) {
                setIntOption(fd, SO_RCVBUF, receiveBuffer); // without CAP_NET_ADMIN: up to rmem_max
            }
            bind(fd, CN_IDX_PROC);
            sendListen(fd);
            return new Netlink(fd);
        } catch (NativeException e) {
            Unistd.close(fd);
            throw e;
        }
    }

    static int socket(int domain, int type, int protocol) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            int fd;
            try {
                fd = (int) Socket.MH.invokeExact(capture, domain, type, protocol);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (fd < 0) {
                throw new NativeException("socket", null, Libc.errno(capture));
            }
            return fd;
        }
    }

    static void setIntOption(int fd, int option, int value) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            int r;
            try {
                r = (int) SetSockOpt.MH.invokeExact(capture, fd, SOL_SOCKET, option, v, (int) JAVA_INT.byteSize());
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (r < 0) {
                throw new NativeException("setsockopt", null, Libc.errno(capture));
            }
        }
    }

    static void bind(int fd, int groups) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment addr = arena.allocate(SOCKADDR_NL);
            addr.set(JAVA_SHORT, SOCKADDR_NL.byteOffset(groupElement("nl_family")), (short) AF_NETLINK);
            addr.set(JAVA_INT, SOCKADDR_NL.byteOffset(groupElement("nl_pid")), 0); // kernel assigns a port
            addr.set(JAVA_INT, SOCKADDR_NL.byteOffset(groupElement("nl_groups")), groups);
            int r;
            try {
                r = (int) Bind.MH.invokeExact(capture, fd, addr, (int) SOCKADDR_NL.byteSize());
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (r < 0) {
                throw new NativeException("bind", null, Libc.errno(capture));
            }
        }
    }

    /** Sends nlmsghdr + cn_msg{CN_IDX_PROC, CN_VAL_PROC, len 4} + {@code PROC_CN_MCAST_LISTEN}. */
    private static void sendListen(int fd) throws NativeException {
        int total = NLMSGHDR_SIZE + CN_MSG_SIZE + Integer.BYTES;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(total, 4);
            m.set(JAVA_INT, NLMSG_LEN_OFFSET, total);
            m.set(JAVA_SHORT, NLMSG_TYPE_OFFSET, NLMSG_DONE);
            m.set(JAVA_INT, CN_MSG_START + CN_IDX_OFFSET, CN_IDX_PROC);
            m.set(JAVA_INT, CN_MSG_START + CN_VAL_OFFSET, CN_VAL_PROC);
            m.set(JAVA_SHORT, CN_MSG_START + CN_LEN_OFFSET, (short) Integer.BYTES);
            m.set(JAVA_INT, CN_MSG_START + CN_MSG_SIZE, PROC_CN_MCAST_LISTEN);
            long n = Unistd.write(fd, m, total); // unconnected netlink: goes to the kernel (port 0)
            if (n < 0) {
                throw new NativeException("send", null, (int) -n);
            }
        }
    }

    /**
     * Receives one datagram ({@code recv(2)} as {@code read}) and copies it to {@code dst[0, n)}.
     * EINTR is retried.
     *
     * @return its length; 0 when nothing is queued (EAGAIN); {@link #OVERRUN} on ENOBUFS, when the
     *     kernel dropped messages because the receive buffer was full (the socket stays usable)
     */
    public int receive(byte[] dst) throws NativeException {
        return receive(fd, buffer, dst);
    }

    /**
     * One datagram of netlink socket {@code fd}, read through {@code buffer} into {@code dst}: its
     * length, 0 on EAGAIN, {@link #OVERRUN} on ENOBUFS. Shared with {@link Taskstats}.
     */
    static int receive(int fd, MemorySegment buffer, byte[] dst) throws NativeException {
        long n = Unistd.read(fd, buffer, Math.min(buffer.byteSize(), dst.length));
        if (n == -NativeException.EAGAIN) {
            return 0;
        }
        if (n == -NativeException.ENOBUFS) {
            return OVERRUN;
        }
        if (n < 0) {
            throw new NativeException("recv", null, (int) -n);
        }
        MemorySegment.copy(buffer, JAVA_BYTE, 0, dst, 0, (int) n);
        return (int) n;
    }

    /** Closes the socket (the kernel drops the subscription) and frees the buffer. */
    @Override
    public void close() {
        Unistd.close(fd);
        arena.close();
    }
}
