package io.fsmon.daemon;

import io.fsmon.log.HistoryLayout.HistoryFile;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * Reads the {@link Shipper}'s batches: the whole lines of a history file from a byte offset of its
 * text, the text of a gzipped (finished) file too. A line longer than one read is read to its end
 * (a command line can be megabytes). One thread uses it (the shipper's); a gzipped file's stream
 * stays open across batches of that file.
 */
final class ShipReader implements AutoCloseable {
    /** Opens a history file's text from its start: the edge a test counts. */
    interface Opener {
        InputStream open(HistoryFile f) throws IOException;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes a single read asks for: the JDK copies a heap read through a cached direct buffer of its size. */
    private static final int SLICE = 1 << 16;

    private final int batchBytes;
    private final Opener opener;
    /**
     * The one buffer every read fills (a line longer than a read grows it for a while): a batch's
     * text is garbage the moment its lines are in records, and a fresh array per read lived through
     * young collections while the broker answered, promoted into the old generation.
     */
    private byte[] buf;
    /**
     * The decompressing stream of the gzipped file being caught up through, kept across batches:
     * gzip cannot seek, so reopening for every batch decompressed the file from its start each
     * time (quadratic in the file's size).
     */
    private InputStream kept;
    private HistoryFile keptFile;
    /** The text offset of the rest's first byte: where the next batch of {@link #kept} starts. */
    private long next;
    /** Bytes read from {@link #kept} after the last whole line handed out: {@code buf[restFrom, restFrom + restLen)}. */
    private int restFrom;
    private int restLen;

    ShipReader(int batchBytes) {
        this(batchBytes, HistoryFile::open);
    }

    ShipReader(int batchBytes, Opener opener) {
        this.batchBytes = batchBytes;
        this.opener = opener;
        this.buf = new byte[batchBytes];
    }


    /** The bytes the last {@link #read} returned the length of; valid until the next read. */
    byte[] bytes() {
        return buf;
    }

    /**
     * Reads about {@code batchBytes} of {@code f} from {@code offset} (of its text) into
     * {@link #bytes()}, more when that holds no newline: up to the end of the first line; returns
     * how many. Only the bytes up to the last newline are whole lines; a next read starts after
     * them. None when the file is gone.
     */
    int read(HistoryFile f, long offset) throws IOException {
        if (buf.length > 2 * batchBytes && restLen <= batchBytes) { // after a long line
            byte[] smaller = new byte[batchBytes];
            System.arraycopy(buf, restFrom, smaller, 0, restLen);
            buf = smaller;
            restFrom = 0;
        }
        if (!f.compressed()) {
            closeKept();
            try (InputStream in = opener.open(f)) {
                in.skipNBytes(offset); // a seek in a plain file
                return fill(in, 0);
            } catch (NoSuchFileException | EOFException e) {
                return 0; // compressed or deleted meanwhile: the next round finds it
            }
        }
        try {
            if (kept == null || !f.equals(keptFile) || offset != next) {
                // the first read of this file, or back to a checkpoint after a failed send
                closeKept();
                kept = opener.open(f);
                keptFile = f;
                kept.skipNBytes(offset);
                next = offset;
            }
            System.arraycopy(buf, restFrom, buf, 0, restLen); // the last read's torn tail first
            int n = fill(kept, restLen);
            int end = lastNewline(buf, n);
            restFrom = end + 1;
            restLen = n - end - 1;
            next = offset + end + 1;
            return n;
        } catch (NoSuchFileException | EOFException e) {
            closeKept();
            return 0;
        } catch (IOException | RuntimeException e) {
            closeKept();
            throw e;
        }
    }

    /** {@code buf[0, have)} and then up to a batch from {@code in}, read on to the end of a longer line. */
    private int fill(InputStream in, int have) throws IOException {
        int n = have + readInto(in, have, Math.max(0, batchBytes - have));
        if (n < batchBytes || lastNewline(buf, n) >= 0) {
            return n;
        }
        while (true) { // a line longer than one read
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int got = readInto(in, n, buf.length - n);
            boolean newline = newline(buf, n, n + got) < n + got;
            n += got;
            if (got == 0 || newline) {
                return n;
            }
        }
    }

    /** Up to {@code len} bytes of {@code in} into {@code buf[at]}, fewer only at its end; returns how many. */
    private int readInto(InputStream in, int at, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = in.read(buf, at + total, Math.min(SLICE, len - total));
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    /**
     * The index of the first newline in {@code b[from, to)}, or {@code to}: eight bytes at a time
     * (a zero byte test on the word XOR newlines), twice as fast as a byte loop in the daemon's C1.
     */
    static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3); // the lowest flagged byte is a newline
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    static int lastNewline(byte[] b) {
        return lastNewline(b, b.length);
    }

    /** The index of the last newline in {@code b[0, len)}, or -1. */
    static int lastNewline(byte[] b, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void closeKept() {
        if (kept != null) {
            try {
                kept.close();
            } catch (IOException e) {
                // a read-only stream: nothing was lost
            }
            kept = null;
            keptFile = null;
            restLen = 0;
        }
    }

    @Override
    public void close() {
        closeKept();
    }
}
