package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads fanotify records: {@code read(2)} on a fanotify fd into one long-lived native buffer,
 * then a copy into the caller's {@code byte[]}, so record decoding needs no FFM.
 *
 * <p>The buffer lives in a <em>shared</em> arena so the reader can be built on one thread and
 * used on the reader thread it is handed to. It is still not thread-safe: one thread reads, and
 * that thread closes it after its loop ends (closing while a read is in flight fails with
 * {@link IllegalStateException}). Closing frees the buffer only; the fd belongs to the caller.
 */
public final class FanotifyReader implements AutoCloseable {

    /** Large enough for thousands of records per read; the kernel wants at least one record. */
    public static final int DEFAULT_BUFFER_SIZE = 256 * 1024;

    private final int fanFd;
    private final Arena arena;
    private final MemorySegment buffer;

    /** A reader of {@code fanFd} with a {@link #DEFAULT_BUFFER_SIZE} buffer. */
    public FanotifyReader(int fanFd) {
        this(fanFd, DEFAULT_BUFFER_SIZE);
    }

    /** A reader of {@code fanFd} with a buffer of {@code bufferSize} bytes. */
    public FanotifyReader(int fanFd, int bufferSize) {
        if (bufferSize < Fanotify.META_SIZE) {
            throw new IllegalArgumentException("buffer smaller than one record: " + bufferSize);
        }
        this.fanFd = fanFd;
        this.arena = Arena.ofShared();
        this.buffer = arena.allocate(bufferSize, Long.BYTES);
    }

    /** The size of the native buffer; {@link #read} needs a destination at least this long. */
    public int bufferSize() {
        return (int) buffer.byteSize();
    }

    /**
     * {@code ssize_t read(int fd, void *buf, size_t count);} — reads whole records (never a
     * partial one) and copies them to {@code dst[0, n)}. EINTR is retried.
     *
     * @return the number of bytes read; 0 when no event is queued on a nonblocking fd (EAGAIN)
     * @throws NativeException e.g. EINVAL when the buffer is too small for the next record
     */
    public int read(byte[] dst) throws NativeException {
        if (dst.length < buffer.byteSize()) {
            throw new IllegalArgumentException(
                    "destination shorter than the buffer: " + dst.length + " < " + buffer.byteSize());
        }
        long n = Unistd.read(fanFd, buffer, buffer.byteSize());
        if (n == -NativeException.EAGAIN) {
            return 0;
        }
        if (n < 0) {
            throw new NativeException("read", null, (int) -n);
        }
        MemorySegment.copy(buffer, JAVA_BYTE, 0, dst, 0, (int) n);
        return (int) n;
    }

    /** Frees the native buffer. Does not close the fanotify fd. */
    @Override
    public void close() {
        arena.close();
    }
}
