package io.fsmon.daemon;

import io.fsmon.log.HistoryLayout.HistoryFile;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

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

    private final int batchBytes;
    private final Opener opener;
    /**
     * The decompressing stream of the gzipped file being caught up through, kept across batches:
     * gzip cannot seek, so reopening for every batch decompressed the file from its start each
     * time (quadratic in the file's size).
     */
    private InputStream kept;
    private HistoryFile keptFile;
    /** The text offset of {@link #rest}'s first byte: where the next batch of {@link #kept} starts. */
    private long next;
    /** Bytes read from {@link #kept} after the last whole line handed out. */
    private byte[] rest = new byte[0];

    ShipReader(int batchBytes) {
        this(batchBytes, ShipReader::openText);
    }

    ShipReader(int batchBytes, Opener opener) {
        this.batchBytes = batchBytes;
        this.opener = opener;
    }

    static InputStream openText(HistoryFile f) throws IOException {
        InputStream raw = Files.newInputStream(f.path());
        try {
            return f.compressed() ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * About {@code batchBytes} of {@code f} from {@code offset} (of its text), more when that holds
     * no newline: up to the end of the first line. Only the bytes up to the last newline are whole
     * lines; a next read starts after them. Empty when the file is gone.
     */
    byte[] read(HistoryFile f, long offset) throws IOException {
        if (!f.compressed()) {
            closeKept();
            try (InputStream in = opener.open(f)) {
                in.skipNBytes(offset); // a seek in a plain file
                return readFrom(in, new byte[0]);
            } catch (NoSuchFileException | EOFException e) {
                return new byte[0]; // compressed or deleted meanwhile: the next round finds it
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
                rest = new byte[0];
            }
            byte[] b = readFrom(kept, rest);
            int end = lastNewline(b);
            rest = Arrays.copyOfRange(b, end + 1, b.length);
            next = offset + end + 1;
            return b;
        } catch (NoSuchFileException | EOFException e) {
            closeKept();
            return new byte[0];
        } catch (IOException | RuntimeException e) {
            closeKept();
            throw e;
        }
    }

    /** {@code head} and then up to a batch from {@code in}, read on to the end of a longer line. */
    private byte[] readFrom(InputStream in, byte[] head) throws IOException {
        byte[] more = in.readNBytes(Math.max(0, batchBytes - head.length));
        byte[] b = head.length == 0 ? more : concat(head, more);
        if (lastNewline(b) >= 0 || b.length < batchBytes) {
            return b;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(); // a line longer than one read
        all.write(b);
        do {
            more = in.readNBytes(batchBytes);
            all.write(more);
        } while (more.length == batchBytes && lastNewline(more) < 0);
        return all.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
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
        for (int i = b.length - 1; i >= 0; i--) {
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
        }
    }

    @Override
    public void close() {
        closeKept();
    }
}
