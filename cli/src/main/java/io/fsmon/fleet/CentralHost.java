package io.fsmon.fleet;

import io.fsmon.log.HistoryLayout;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * One host's folder of a central history: the daemon's layout ({@code events-DAY-NNN.jsonl}), its
 * lines as shipped (with {@code host} and {@code id}). Knows the id of the last line it holds, so a
 * resent line (ids grow with the host's file and offset) is recognised and not written twice, also
 * after a crash: opening reads the id back from the newest file, after cutting a torn last line
 * (or through it, gzipped by {@code fsmon clean --compress}; lines after a gzipped file go to a new one).
 * The host's history epochs, in the order they came, are kept in {@code .epochs}: a line of a new
 * epoch (the host's history was deleted and started again, so its files and offsets start again)
 * begins a new sequence, a line of an earlier epoch is a resend.
 */
final class CentralHost implements AutoCloseable {
    private static final String EPOCHS = ".epochs";

    private final HistoryLayout layout;
    /** Epoch keys ({@link ShipId#epochKey()}) in the order the host shipped them, oldest first. */
    private final List<String> epochs = new ArrayList<>();
    private final long fileLimit;
    /** Lines queued for the next write: {@code pending[0, pendingSize)}. */
    private byte[] pending = new byte[1 << 16];
    private int pendingSize;

    private FileChannel channel;
    private LocalDate day;
    private int seq;
    private long size;
    private ShipId last;
    private LocalDate pendingDay;
    private boolean dirty;

    CentralHost(Path dir, long fileLimit) throws IOException {
        this.layout = new HistoryLayout(dir);
        this.fileLimit = fileLimit;
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(EPOCHS))) {
            Files.readAllLines(dir.resolve(EPOCHS)).stream().map(String::strip).filter(l -> !l.isEmpty())
                    .forEach(epochs::add);
        }
        List<HistoryLayout.HistoryFile> files = layout.files();
        for (int i = files.size() - 1; i >= 0 && last == null; i--) {
            HistoryLayout.HistoryFile f = files.get(i);
            boolean newest = i == files.size() - 1;
            // a file gzipped by fsmon clean --compress still tells the last id: without it every
            // resent line after a restart would be written again
            last = f.compressed() ? lastIdCompressed(f) : lastId(f.path(), newest);
            if (newest) {
                day = f.day();
                seq = f.compressed() ? f.sequence() + 1 : f.sequence(); // not appended to: after it
            }
        }
    }

    /** Whether a line with this id is already held (a resend). */
    boolean holds(ShipId id) {
        if (last == null) {
            return false;
        }
        if (id.epochKey().equals(last.epochKey())) {
            return id.compareTo(last) <= 0;
        }
        int i = epochs.indexOf(id.epochKey());
        return i >= 0 && i < epochs.indexOf(last.epochKey()); // an earlier epoch: resent
    }

    /** Queues a whole line for the day of its event; {@link #flush()} writes it. */
    void add(ShipId id, LocalDate eventDay, byte[] line) throws IOException {
        add(id, eventDay, line, 0, line.length);
    }

    /** Queues the line {@code b[off, off + len)} for the day of its event; {@link #flush()} writes it. */
    void add(ShipId id, LocalDate eventDay, byte[] b, int off, int len) throws IOException {
        if (!epochs.contains(id.epochKey())) {
            newEpoch(id);
        }
        if (pendingDay != null && !eventDay.equals(pendingDay)) {
            flush();
        }
        pendingDay = pendingDay == null || eventDay.isAfter(pendingDay) ? eventDay : pendingDay;
        if (pendingSize + len + 1 > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingSize + len + 1));
        }
        System.arraycopy(b, off, pending, pendingSize, len);
        pending[pendingSize + len] = '\n';
        pendingSize += len + 1;
        last = id;
    }

    /**
     * Remembers a new epoch, durably before any of its lines is written (and so before the offsets
     * of its records are committed): after a crash, a resend of the earlier epoch is still known.
     */
    private void newEpoch(ShipId id) throws IOException {
        if (last != null && !epochs.contains(last.epochKey())) {
            epochs.add(last.epochKey()); // the lines held so far, from before this list existed
        }
        epochs.add(id.epochKey());
        io.fsmon.log.DurableFile.replace(layout.dir().resolve(EPOCHS), String.join("\n", epochs) + "\n");
    }

    /** Writes what is queued; {@link #sync()} makes it durable. */
    void flush() throws IOException {
        if (pendingSize == 0) {
            return;
        }
        LocalDate d = day == null || pendingDay.isAfter(day) ? pendingDay : day;
        if (channel == null || !d.equals(day) || size >= fileLimit) {
            open(d, d.equals(day) ? (size >= fileLimit ? seq + 1 : seq) : 0);
        }
        ByteBuffer b = ByteBuffer.wrap(pending, 0, pendingSize);
        while (b.hasRemaining()) {
            size += channel.write(b);
        }
        pendingSize = 0;
        if (pending.length > 1 << 22) {
            pending = new byte[1 << 16]; // one large poll of this host: not kept for the next ones
        }
        pendingDay = null;
        dirty = true;
    }

    /** {@code fdatasync} of what was written since the last one. */
    void sync() throws IOException {
        if (channel != null && dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    private void open(LocalDate d, int s) throws IOException {
        close();
        Path p = layout.fileFor(d, s, false);
        channel = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        size = channel.size();
        channel.position(size);
        day = d;
        seq = s;
    }

    /**
     * The id of the last whole line of a file; in the newest file a torn tail (a crash mid-write,
     * never committed, so it comes again) is cut off first.
     */
    private static ShipId lastId(Path p, boolean newest) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long len = c.size();
            int n = (int) Math.min(len, 1 << 20);
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && c.read(b, len - n + b.position()) > 0) {
                // read the tail whole
            }
            byte[] tail = b.array();
            int end = tail.length;
            while (end > 0 && tail[end - 1] != '\n') {
                end--;
            }
            if (newest && end < tail.length) {
                c.truncate(len - n + end);
                c.force(false);
            }
            end--; // the newline of the last whole line
            while (end > 0) {
                int start = end;
                while (start > 0 && tail[start - 1] != '\n') {
                    start--;
                }
                ShipId id = ShipId.find(new String(tail, start, end - start, StandardCharsets.UTF_8));
                if (id != null) {
                    return id;
                }
                end = start - 1;
            }
        }
        return null;
    }

    /**
     * The id of the last line of a gzipped file that has one, read through it; of a damaged one,
     * the last before the damage.
     */
    private static ShipId lastIdCompressed(HistoryLayout.HistoryFile f) throws IOException {
        ShipId last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(f.open(), StandardCharsets.UTF_8), 1 << 16)) {
            for (String l; (l = r.readLine()) != null; ) {
                ShipId id = ShipId.find(l);
                if (id != null) {
                    last = id;
                }
            }
        } catch (EOFException | ZipException damaged) {
            // a cut or corrupt gzip: what was read before it counts
        }
        return last;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.force(false);
            channel.close();
            channel = null;
        }
    }
}
