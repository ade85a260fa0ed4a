package io.fsmon.linux;

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
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Unix-domain datagram sockets, which {@code java.nio.channels.DatagramChannel} does not support:
 * enough for systemd's {@code sd_notify} protocol (one datagram to {@code $NOTIFY_SOCKET}) and for
 * a test to receive one. A path starting with {@code @} names an abstract socket (first byte NUL).
 */
public final class UnixDatagram {
    public static final int AF_UNIX = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int MSG_NOSIGNAL = 0x4000;

    /** {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }} — 110 bytes. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));
    static final long SUN_PATH = SOCKADDR_UN.byteOffset(MemoryLayout.PathElement.groupElement("sun_path"));

    private UnixDatagram() {
    }

    /** {@code int socket(int domain, int type, int protocol);} */
    private static final class Socket {
        static final MethodHandle MH = Libc.downcallErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen);} */
    private static final class SendTo {
        static final MethodHandle MH = Libc.downcallErrno("sendto",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len);} */
    private static final class Bind {
        static final MethodHandle MH = Libc.downcallErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code ssize_t recv(int fd, void *buf, size_t len, int flags);} */
    private static final class Recv {
        static final MethodHandle MH = Libc.downcallErrno("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    /** Fills a sockaddr_un for {@code path}; returns the address length to pass. */
    private static int address(MemorySegment addr, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length == 0 || p.length >= 108) {
            throw new IllegalArgumentException("bad unix socket path: " + path);
        }
        addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, addr, JAVA_BYTE, SUN_PATH, p.length);
        if (p[0] == '@') {
            addr.set(JAVA_BYTE, SUN_PATH, (byte) 0); // abstract namespace: no NUL terminator counted
            return (int) SUN_PATH + p.length;
        }
        return (int) SUN_PATH + p.length + 1;
    }

    private static int socket() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            int fd;
            try {
                fd = (int) Socket.MH.invokeExact(capture, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (fd < 0) {
                throw new NativeException("socket", null, Libc.errno(capture));
            }
            return fd;
        }
    }

    /** Sends one datagram {@code message} to the socket at {@code path} from a fresh unbound socket. */
    public static void send(String path, byte[] message) throws NativeException {
        int fd = socket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment addr = arena.allocate(SOCKADDR_UN);
            int len = address(addr, path);
            MemorySegment buf = arena.allocate(Math.max(1, message.length));
            MemorySegment.copy(message, 0, buf, JAVA_BYTE, 0, message.length);
            while (true) {
                long n;
                try {
                    n = (long) SendTo.MH.invokeExact(capture, fd, buf, (long) message.length, MSG_NOSIGNAL, addr, len);
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
                if (n >= 0) {
                    return;
                }
                int errno = Libc.errno(capture);
                if (errno != NativeException.EINTR) {
                    throw new NativeException("sendto", path, errno);
                }
            }
        } finally {
            Unistd.close(fd);
        }
    }

    /** A datagram socket bound to {@code path}; the caller owns (and closes) the fd. */
    public static int bind(String path) throws NativeException {
        int fd = socket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment addr = arena.allocate(SOCKADDR_UN);
            int len = address(addr, path);
            int r;
            try {
                r = (int) Bind.MH.invokeExact(capture, fd, addr, len);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (r < 0) {
                int errno = Libc.errno(capture);
                Unistd.close(fd);
                throw new NativeException("bind", path, errno);
            }
            return fd;
        }
    }

    /** Receives one datagram (blocking), at most {@code max} bytes. */
    public static byte[] receive(int fd, int max) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment buf = arena.allocate(max);
            while (true) {
                long n;
                try {
                    n = (long) Recv.MH.invokeExact(capture, fd, buf, (long) max, 0);
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
                if (n >= 0) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
                int errno = Libc.errno(capture);
                if (errno != NativeException.EINTR) {
                    throw new NativeException("recv", null, errno);
                }
            }
        }
    }
}
