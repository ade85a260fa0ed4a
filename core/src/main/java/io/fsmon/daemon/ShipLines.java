package io.fsmon.daemon;

import io.fsmon.event.Actor;
import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * History lines in the form the {@link Shipper} sends them, built straight into the records'
 * values: {@code host} and {@code id} added before each line's closing brace, whole lines joined by
 * newlines into blocks of at most {@link #RECORD_BYTES} (one line a record with
 * {@code records = "event"}). A line is only noted (its place in the read) until its block is
 * complete; the block's bytes are then written once, with no String or array per line, and handed
 * to the {@link Sink} at once (the transport, which copies it into its own batch): this is the
 * daemon's work for each line it ships, it runs C1 only, and a block is garbage before the next
 * one is made (a send's blocks held together until the broker answered were promoted by the young
 * collections meanwhile, and grew the old generation with garbage).
 *
 * <p>A line longer than a record may be (a command line can be megabytes) is sent with its command
 * line cut and marked ({@link JsonLines#cutMark}), and counted: Kafka refuses a record over its
 * limits, and a refused line used to be retried forever, stalling every line after it. The local
 * history keeps the line whole.
 */
final class ShipLines {
    /**
     * The longest line shipped whole: half of Kafka's default record limits (the producer's
     * {@code max.request.size} and the broker's {@code message.max.bytes}, both 1 MiB), which
     * leaves room for the host, the id, the record's framing and a broker set somewhat lower.
     */
    static final int MAX_LINE = 1 << 19;
    /**
     * A record's value is at most this long, unless one line alone is longer (it then goes alone):
     * well under the producer's max.request.size and the broker's message.max.bytes (1 MiB each).
     * The client's work per record (framing, a future, a wake-up of its network thread) was most of
     * the daemon's cost of shipping when each line was a record.
     */
    static final int RECORD_BYTES = 64 * 1024;
    private static final byte[] GAP = ":gap".getBytes(StandardCharsets.US_ASCII);

    /** {@code ,"host":"HOST","id":"HOST:EPOCH:}: the same in every line. */
    private final byte[] head;
    private final boolean perEvent;
    private final JsonLines json = new JsonLines();
    private long cut;

    /** The lines of the open block: source, range (without the newline), file stem + ':', offset. */
    private byte[][] src = new byte[256][];
    private int[] from = new int[256];
    private int[] to = new int[256];
    private byte[][] stem = new byte[256][];
    private long[] offset = new long[256];
    private boolean[] gap = new boolean[256];
    private int open;
    private int openBytes;
    private int lines;
    private String lastStem;
    private byte[] lastStemBytes;
    /** Where complete blocks go. */
    private final Sink sink;
    /** The blocks kept for {@link #records()} when there is no sink. */
    private final List<byte[]> records = new ArrayList<>();

    /** Takes each block as soon as it is complete: it may keep the array. */
    interface Sink {
        void accept(byte[] record) throws IOException;
    }

    /** Lines whose blocks are kept until {@link #records()}. */
    ShipLines(String host, String epoch, boolean perEvent) {
        this(host, epoch, perEvent, null);
    }

    /** Lines whose blocks go to {@code sink} as they are complete; {@link #end()} ends the last one. */
    ShipLines(String host, String epoch, boolean perEvent, Sink sink) {
        this.head = (",\"host\":\"" + host + "\",\"id\":\"" + host + ":" + epoch + ":").getBytes(StandardCharsets.UTF_8);
        this.perEvent = perEvent;
        this.sink = sink != null ? sink : records::add;
    }

    /** Lines made with their command line cut short (made again when a batch is resent). */
    long cut() {
        return cut;
    }

    /** Lines added since the last {@link #records()} or {@link #end()}. */
    int lines() {
        return lines;
    }

    /**
     * Adds the lines of {@code chunk[0, end]} (up to and with its last newline at {@code end}), read
     * from {@code offset} of history file {@code stem}; returns how many were skipped: torn lines
     * left by a crash, with no event in them.
     */
    int lines(byte[] chunk, int end, String stem, long offset) throws IOException {
        int skipped = 0;
        for (int start = 0, k; start <= end; start = k + 1) {
            k = ShipReader.newline(chunk, start, end + 1);
            boolean whole = k > start + 1 && chunk[start] == '{' && chunk[k - 1] == '}' && !blank(chunk, start + 1, k - 1);
            if (!(whole && line(chunk, start, k, stem, offset + start)) && k > start) {
                skipped++;
            }
        }
        return skipped;
    }

    /**
     * Whether {@code b[from, to)} is only blanks: an object with no member (not a line fsmon wrote),
     * which the host and id could not be added to as valid JSON. Looks at one byte of any event.
     */
    static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the line {@code src[from, to)} (one JSON object, no newline) at {@code offset} of history
     * file {@code stem}; false (nothing added) when it is too long and no event (nothing to cut).
     * {@code src} must stay unchanged until {@link #records()} or {@link #end()}.
     */
    boolean line(byte[] src, int from, int to, String stem, long offset) throws IOException {
        if (to - from <= MAX_LINE) {
            add(src, from, to, stem, offset, false);
            return true;
        }
        byte[] shorter = shortened(src, from, to);
        if (shorter == null) {
            return false;
        }
        cut++;
        add(shorter, 0, shorter.length, stem, offset, false);
        return true;
    }

    /** Adds a GAP marker the shipper made, sent before the line at {@code offset}. */
    void gap(FileEvent gap, String stem, long offset) throws IOException {
        byte[] b = json.format(gap).strip().getBytes(StandardCharsets.UTF_8);
        add(b, 0, b.length, stem, offset, true);
    }

    /**
     * Hands the open block to the sink: every line added since the last call is then in a block;
     * returns how many lines that was, and starts afresh.
     */
    int end() throws IOException {
        close();
        int n = lines;
        lines = 0;
        return n;
    }

    /** The record values of the lines added since the last call, in order; then starts afresh (without a sink). */
    List<byte[]> records() {
        try {
            close();
        } catch (IOException cannot) { // the list does not throw
            throw new AssertionError(cannot);
        }
        List<byte[]> out = List.copyOf(records);
        records.clear();
        lines = 0;
        return out;
    }

    /** Forgets the lines added since the last {@link #records()}. */
    void clear() {
        Arrays.fill(src, 0, open, null);
        open = 0;
        openBytes = 0;
        records.clear();
        lines = 0;
    }

    private void add(byte[] s, int f, int t, String fileStem, long off, boolean isGap) throws IOException {
        if (fileStem != lastStem) { // each batch passes one String for all of its lines
            if (!fileStem.equals(lastStem)) {
                lastStemBytes = (fileStem + ":").getBytes(StandardCharsets.UTF_8);
            }
            lastStem = fileStem; // an equal one too: compared by content at every line, it was a tenth of shipping's work
        }
        // the line without its closing brace, then the head, stem, offset, [:gap] and "}
        int size = t - 1 - f + head.length + lastStemBytes.length + digits(off) + (isGap ? GAP.length : 0) + 2;
        if (open > 0 && (perEvent || openBytes + 1 + size > RECORD_BYTES)) {
            close();
        }
        if (open == src.length) {
            grow();
        }
        src[open] = s;
        from[open] = f;
        to[open] = t;
        stem[open] = lastStemBytes;
        offset[open] = off;
        gap[open] = isGap;
        openBytes += (open > 0 ? 1 : 0) + size;
        open++;
        lines++;
    }

    /** Writes the open block's lines into one array, for the sink. */
    private void close() throws IOException {
        if (open == 0) {
            return;
        }
        byte[] b = new byte[openBytes];
        int at = 0;
        for (int i = 0; i < open; i++) {
            if (i > 0) {
                b[at++] = '\n';
            }
            int n = to[i] - 1 - from[i];
            System.arraycopy(src[i], from[i], b, at, n);
            at += n;
            System.arraycopy(head, 0, b, at, head.length);
            at += head.length;
            System.arraycopy(stem[i], 0, b, at, stem[i].length);
            at += stem[i].length;
            at = writeDecimal(offset[i], b, at);
            if (gap[i]) {
                System.arraycopy(GAP, 0, b, at, GAP.length);
                at += GAP.length;
            }
            b[at++] = '"';
            b[at++] = '}';
            src[i] = null;
        }
        assert at == b.length;
        open = 0;
        openBytes = 0;
        sink.accept(b);
    }

    private void grow() {
        int n = src.length * 2;
        src = Arrays.copyOf(src, n);
        from = Arrays.copyOf(from, n);
        to = Arrays.copyOf(to, n);
        stem = Arrays.copyOf(stem, n);
        offset = Arrays.copyOf(offset, n);
        gap = Arrays.copyOf(gap, n);
    }

    /** 10^0 .. 10^18. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++, p *= 10) {
            POWERS_OF_TEN[i] = p;
        }
    }

    /**
     * The number of decimal digits of {@code v} (not negative), without a division: the daemon's C1 does
     * not turn a division by ten into a multiplication, and the division loop this replaced was a
     * third of the shipper's work (each line's offset is written with its digits counted first).
     */
    static int digits(long v) {
        long u = v | 1; // as many digits as v (no power of ten but 1 is odd), and 0 counts as 1
        // floor(log10(u)) or one more, from the bit length (1233 / 4096 ~ log10(2)); then one comparison
        int t = ((64 - Long.numberOfLeadingZeros(u)) * 1233) >>> 12;
        return t + (u >= POWERS_OF_TEN[t] ? 1 : 0);
    }

    /** {@code v} (not negative) in decimal at {@code b[at]}; returns the index after it. */
    static int writeDecimal(long v, byte[] b, int at) {
        int end = at + digits(v);
        int i = end;
        while (v > Integer.MAX_VALUE) {
            long q = v / 10;
            b[--i] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        long w = v; // below 2^31: w / 10 is (w * 0xCCCCCCCD) >>> 35, a multiplication and a shift
        do {
            long q = (w * 0xCCCCCCCDL) >>> 35;
            b[--i] = (byte) ('0' + (w - q * 10));
            w = q;
        } while (w != 0);
        return end;
    }

    /** The line with its command line cut until it fits {@link #MAX_LINE}, or null. */
    private byte[] shortened(byte[] src, int from, int to) {
        FileEvent e;
        try {
            e = json.parse(src, from, to - from);
        } catch (MalformedLineException notAnEvent) {
            return null;
        }
        Actor a = e.actor();
        if (a == null || a.cmd() == null) {
            return null;
        }
        int keep = a.cmd().getBytes(StandardCharsets.UTF_8).length - (to - from - MAX_LINE) - 1024;
        while (true) {
            byte[] b = json.format(cutCommand(e, Math.max(0, keep))).getBytes(StandardCharsets.UTF_8);
            if (b.length <= MAX_LINE) {
                return b;
            }
            if (keep <= 0) {
                return null; // long without its command line: not a line fsmon wrote
            }
            keep /= 2; // escapes (\u0001, \") made the cut one longer than its bytes
        }
    }

    /**
     * The event with its command line cut to at most {@code maxBytes} bytes of UTF-8 (at a
     * character's boundary) and ended by {@link JsonLines#cutMark}.
     */
    static FileEvent cutCommand(FileEvent e, int maxBytes) {
        Actor a = e.actor();
        byte[] cmd = a.cmd().getBytes(StandardCharsets.UTF_8);
        int n = Math.min(maxBytes, cmd.length);
        while (n > 0 && n < cmd.length && (cmd[n] & 0xC0) == 0x80) { // not inside a character
            n--;
        }
        String shorter = new String(cmd, 0, n, StandardCharsets.UTF_8) + JsonLines.cutMark(cmd.length);
        Actor cutActor = new Actor(a.pid(), a.tid(), a.ppid(), a.comm(), shorter, a.exe(), a.uid(), a.user(),
                a.loginUid(), a.loginUser(), a.container(), a.chain());
        return new FileEvent(e.time(), e.type(), e.path(), e.oldPath(), cutActor, e.fileSize(), e.sizeChange(),
                e.since(), e.until(), e.dropped());
    }
}
