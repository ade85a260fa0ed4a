package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * eventfd(2): a counter fd used to wake a thread blocked in {@link Poll#poll}, so a reader is
 * stopped by signalling it rather than by interrupting it or closing its fd from elsewhere.
 */
public final class EventFd {

    public static final int EFD_SEMAPHORE = 00000001;
    public static final int EFD_NONBLOCK = 00004000;
    public static final int EFD_CLOEXEC = 02000000;

    private EventFd() {
    }

    /** {@code int eventfd(unsigned int initval, int flags);} */
    static final class Create {
        static final MethodHandle MH = Libc.downcallErrno("eventfd",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /**
     * {@code int eventfd(unsigned int initval, int flags);} — creates an eventfd with counter
     * {@code initval}; {@code flags} are EFD_CLOEXEC, EFD_NONBLOCK, EFD_SEMAPHORE.
     *
     * @return the new fd, owned by the caller
     */
    public static int create(int initval, int flags) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            int fd;
            try {
                fd = (int) Create.MH.invokeExact(capture, initval, flags);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (fd < 0) {
                throw new NativeException("eventfd", null, Libc.errno(capture));
            }
            return fd;
        }
    }

    /**
     * Adds 1 to the counter ({@code write(fd, &(uint64_t){1}, 8)}), making the fd readable.
     * EAGAIN (the counter is at its maximum, on a nonblocking fd) means it is signalled already
     * and is not an error.
     */
    public static void signal(int fd) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            long n = Unistd.write(fd, one, Long.BYTES);
            if (n < 0 && n != -NativeException.EAGAIN) {
                throw new NativeException("write", null, (int) -n);
            }
        }
    }

    /**
     * Resets the counter to 0 ({@code read(fd, &u64, 8)}). Meant for EFD_NONBLOCK fds: when the
     * counter is already 0 (EAGAIN) it returns quietly; on a blocking fd it would wait.
     *
     * @throws UncheckedIOException wrapping a {@link NativeException} for any other errno
     *     (EBADF: the caller passed a wrong fd, a bug)
     */
    public static void drain(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(JAVA_LONG);
            long n = Unistd.read(fd, counter, Long.BYTES);
            if (n < 0 && n != -NativeException.EAGAIN) {
                throw new UncheckedIOException(new NativeException("read", null, (int) -n));
            }
        }
    }
}
