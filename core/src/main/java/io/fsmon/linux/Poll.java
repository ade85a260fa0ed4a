package io.fsmon.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** poll(2): wait until one of a few fds is readable (a fanotify fd and a wake-up eventfd). */
public final class Poll {

    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    /** {@code struct pollfd { int fd; short events; short revents; }} — 8 bytes. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");

    static final long POLLFD_FD_OFFSET = POLLFD.byteOffset(groupElement("fd"));
    static final long POLLFD_EVENTS_OFFSET = POLLFD.byteOffset(groupElement("events"));
    static final long POLLFD_REVENTS_OFFSET = POLLFD.byteOffset(groupElement("revents"));

    private Poll() {
    }

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} */
    static final class Handle {
        static final MethodHandle MH = Libc.downcallErrno("poll",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} — waits up to
     * {@code timeoutMillis} (-1: forever, 0: don't wait) until one of {@code fds} has one of
     * {@code events}, or an error/hang-up, which poll always reports.
     *
     * @param fds at most 32 file descriptors
     * @return a bit mask: bit {@code i} set when {@code fds[i]} has non-zero revents (including
     *     POLLERR, POLLHUP and POLLNVAL); 0 on timeout, and 0 when interrupted by a signal
     *     (EINTR) so the caller's loop re-checks its state instead of waiting on
     */
    public static int poll(int[] fds, short events, int timeoutMillis) throws NativeException {
        if (fds.length > Integer.SIZE) {
            throw new IllegalArgumentException("at most 32 fds: " + fds.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            MemorySegment pollfds = arena.allocate(POLLFD, fds.length);
            for (int i = 0; i < fds.length; i++) {
                MemorySegment p = pollfds.asSlice(i * POLLFD.byteSize(), POLLFD);
                p.set(JAVA_INT, POLLFD_FD_OFFSET, fds[i]);
                p.set(JAVA_SHORT, POLLFD_EVENTS_OFFSET, events);
                p.set(JAVA_SHORT, POLLFD_REVENTS_OFFSET, (short) 0);
            }
            int n;
            try {
                n = (int) Handle.MH.invokeExact(capture, pollfds, (long) fds.length, timeoutMillis);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (n < 0) {
                int errno = Libc.errno(capture);
                if (errno == NativeException.EINTR) {
                    return 0;
                }
                throw new NativeException("poll", null, errno);
            }
            int ready = 0;
            for (int i = 0; i < fds.length && n > 0; i++) {
                long at = i * POLLFD.byteSize() + POLLFD_REVENTS_OFFSET;
                if (pollfds.get(JAVA_SHORT, at) != 0) {
                    ready |= 1 << i;
                }
            }
            return ready;
        }
    }
}
