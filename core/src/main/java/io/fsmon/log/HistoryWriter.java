package io.fsmon.log;

import io.fsmon.timing.DurationHistogram;
import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Appends events to the history ({@link HistoryLayout}): the daemon's durable record. Several
 * monitors feed one writer, so every method is synchronized; each line is whole.
 *
 * <ul>
 *   <li>Every batch ({@link #flush()}, called by the monitor after each kernel read) is written
 *       with {@code write(2)} at once: a crash of the daemon loses nothing it has read.
 *       {@link #sync()} (the daemon calls it every second) and {@link #close()} {@code fdatasync}.</li>
 *   <li>A new file per UTC day (of the events' times), and a new sequence number when a file
 *       reaches the size limit ({@link RotatingHistoryFile}).</li>
 *   <li>A file deleted or moved away by someone else is noticed before the next write (the path's
 *       file key differs from the open file's) and recreated ({@link RotatingHistoryFile}).</li>
 *   <li>A failed write (a full disk) is undone to the last whole line; the lines stay in a bounded
 *       buffer, events beyond the bound are counted, and once writing works again a {@code GAP}
 *       marker with the span and count of the lost events follows the buffered lines.</li>
 * </ul>
 * Errors never reach the monitors (they would stop reading the kernel); they go to diagnostics.
 */
public final class HistoryWriter implements EventSink, AutoCloseable {
    private static final int WRITE_THRESHOLD = 256 * 1024;

    private final HistoryLayout layout;
    private final RotatingHistoryFile file;
    private final long bufferLimit;
    private final Consumer<String> diagnostics;
    private final JsonLines json = new JsonLines();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private final DurationHistogram syncTimes = new DurationHistogram();

    private LocalDate pendingDay;
    private volatile boolean dirty;
    private boolean failing;
    private long dropped;
    private Instant dropSince;
    private Instant dropUntil;
    private long lines;
    private long bytesWritten;
    private long droppedTotal;
    private boolean closed;
    /** The start of a time nothing was watched, whose GAP marker waits for its end; or null. */
    private Instant downSince;

    /**
     * @param fileLimit   rotate a file once it holds this many bytes
     * @param bufferLimit bytes kept in memory while the disk refuses writes; later events are dropped and counted
     */
    public HistoryWriter(HistoryLayout layout, long fileLimit, long bufferLimit, Consumer<String> diagnostics) throws IOException {
        this(layout, fileLimit, bufferLimit, null, diagnostics);
    }

    /**
     * A writer whose folder and files get {@code access}'s modes and group (null: as created);
     * an existing history that allows more is tightened now, and that is said in one line.
     */
    public HistoryWriter(HistoryLayout layout, long fileLimit, long bufferLimit, HistoryAccess access,
                         Consumer<String> diagnostics) throws IOException {
        this.layout = layout;
        this.file = new RotatingHistoryFile(layout, fileLimit, access, diagnostics);
        this.bufferLimit = bufferLimit;
        this.diagnostics = diagnostics;
        boolean existed = Files.isDirectory(layout.dir());
        Files.createDirectories(layout.dir());
        if (access != null) {
            secure(access, existed);
        }
    }

    /** Applies the access to a new folder, tightens an existing one and its history files. */
    private void secure(HistoryAccess access, boolean existed) throws IOException {
        if (!existed) {
            access.folder(layout.dir());
            return;
        }
        int changed = 0;
        boolean others;
        try (java.util.stream.Stream<Path> s = Files.list(layout.dir())) {
            others = s.anyMatch(p -> HistoryLayout.parse(p).isEmpty() && !p.getFileName().toString().startsWith("."));
        }
        // A folder that holds other files too (history_dir = /var/log, say) is not ours to change.
        if (!others && access.tighten(layout.dir(), true)) {
            changed++;
        }
        for (HistoryLayout.HistoryFile f : layout.files()) {
            try {
                changed += access.tighten(f.path(), false) ? 1 : 0;
            } catch (java.nio.file.NoSuchFileException gone) {
                // removed meanwhile (clean): nothing to protect
            }
        }
        if (changed > 0) {
            diagnostics.accept("history: narrowed the modes of " + changed + " entr" + (changed == 1 ? "y" : "ies")
                    + " of " + layout.dir() + " that others could read: now files 0640, folders 0750, group "
                    + access.groupName());
        }
    }

    /**
     * Counters for status and metrics.
     *
     * @param bytesWritten bytes handed to {@code write(2)} successfully, over every file
     */
    public record Stats(long lines, long dropped, long recreated, boolean failing, Path current, long bytesWritten) {
    }

    @Override
    public synchronized void accept(FileEvent e) {
        if (closed) {
            return;
        }
        if (downSince != null) {
            Instant now = Instant.now();
            endDowntime(e.time().isBefore(now) ? e.time() : now); // a mark placed first is watching already
        }
        add(e);
    }

    /**
     * Notes that nothing was watched from {@code since} (the last line of an earlier run): a
     * {@code GAP} marker from there to the call of {@link #watching} (or the first event, if one
     * comes sooner) precedes every later line. Its {@code dropped} count is absent: nobody counted.
     */
    public synchronized void notWatchedSince(Instant since) {
        downSince = since;
    }

    /** The watches are in place: ends the time noted by {@link #notWatchedSince} at {@code now}. */
    public synchronized void watching(Instant now) {
        if (downSince != null && !closed) {
            endDowntime(now);
            writePending();
        }
    }

    private void endDowntime(Instant until) {
        Instant since = downSince;
        downSince = null;
        if (until.isAfter(since)) { // a clock set back makes no span
            add(FileEvent.unwatched(since, until));
        }
    }

    /**
     * The time of the newest line of the history that parses, passing over a torn last line (a
     * crash in the middle of a write); empty when there is none.
     */
    public Optional<Instant> lastWritten() throws IOException {
        List<HistoryLayout.HistoryFile> files = layout.files();
        for (int i = files.size() - 1; i >= Math.max(0, files.size() - 3); i--) {
            HistoryLayout.HistoryFile f = files.get(i);
            if (f.compressed()) {
                continue; // clean never compresses the file being written
            }
            Optional<Instant> t = lastTime(f.path());
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    private Optional<Instant> lastTime(Path p) throws IOException {
        byte[] tail;
        try (FileChannel c = FileChannel.open(p, java.nio.file.StandardOpenOption.READ)) {
            long size = c.size();
            int n = (int) Math.min(size, 256 * 1024);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
            while (b.hasRemaining() && c.read(b, size - n + b.position()) > 0) {
                // read the tail whole
            }
            tail = Arrays.copyOf(b.array(), b.position());
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        int end = tail.length;
        if (end > 0 && tail[end - 1] == '\n') {
            end--; // the last whole line ends here; without a newline the tail is torn and refused below
        }
        while (end > 0) {
            int start = end;
            while (start > 0 && tail[start - 1] != '\n') {
                start--;
            }
            try {
                return Optional.of(json.parse(tail, start, end - start).time());
            } catch (MalformedLineException torn) {
                end = start - 1; // the line before it
            }
        }
        return Optional.empty();
    }

    private void add(FileEvent e) {
        LocalDate day = HistoryLayout.dayOf(e.time());
        if (pendingDay == null) {
            pendingDay = day;
        } else if (day.isAfter(pendingDay)) {
            writePending(); // yesterday's lines go to yesterday's file
            if (pending.size() == 0) {
                pendingDay = day;
            }
        }
        if (pending.size() >= bufferLimit) {
            dropped++;
            droppedTotal++;
            dropSince = dropSince == null ? e.time() : dropSince;
            dropUntil = e.time();
            return;
        }
        try {
            json.write(e, pending);
        } catch (IOException x) {
            throw new IllegalStateException("writing to memory failed", x);
        }
        lines++;
        if (pending.size() >= WRITE_THRESHOLD && !failing) {
            writePending();
        }
    }

    /** Writes what is pending; while the disk is refusing writes only {@link #tick()} retries. */
    @Override
    public synchronized void flush() {
        if (!failing) {
            writePending();
        }
    }

    /** Called every second: retries a refused write, then {@code fdatasync}s what was written. */
    public void tick() {
        synchronized (this) {
            if (failing) {
                writePending();
            }
        }
        sync();
    }

    /** {@code fdatasync} of the current file if anything was written since the last one. */
    public void sync() {
        FileChannel c;
        synchronized (this) {
            c = file.channel();
        }
        if (c != null && dirty) {
            dirty = false;
            try {
                long start = System.nanoTime();
                c.force(false); // FileChannel.force(false) is fdatasync(2)
                syncTimes.observe(System.nanoTime() - start);
            } catch (IOException e) {
                dirty = true; // a closed channel was forced by whoever closed it
            }
        }
    }

    public synchronized Stats stats() {
        return new Stats(lines, droppedTotal, file.recreated(), failing, file.path(), bytesWritten);
    }

    /** How long each {@code fdatasync} took. */
    public DurationHistogram syncTimes() {
        return syncTimes;
    }

    /** The file being written, which retention must never touch; null before the first write. */
    public synchronized Path current() {
        return file.path();
    }

    private void writePending() {
        if (closed) {
            return;
        }
        if (dropped > 0) {
            // Part of the data from here on: if this write fails too, the marker stays buffered.
            try {
                json.write(FileEvent.gap(Instant.now(), dropSince, dropUntil, dropped), pending);
            } catch (IOException x) {
                throw new IllegalStateException(x);
            }
            dropped = 0;
            dropSince = null;
            dropUntil = null;
        }
        if (pending.size() == 0) {
            return;
        }
        try {
            file.append(pending, pendingDay == null ? HistoryLayout.dayOf(Instant.now()) : pendingDay);
            bytesWritten += pending.size();
            dirty = true;
            pending.reset();
            if (failing) {
                failing = false;
                diagnostics.accept("history: writing again to " + file.path());
            }
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                diagnostics.accept("history: cannot write " + file.path() + ": " + e.getMessage()
                        + "; keeping up to " + bufferLimit + " bytes of events in memory");
            }
        }
    }

    /**
     * Deletes whole history files older than {@code keepDays} days (0: no limit), then the oldest
     * until the folder holds at most {@code maxSize} bytes (0: no limit). The file being written is
     * never deleted.
     *
     * @return the deleted files
     */
    public List<Path> applyRetention(int keepDays, long maxSize, Instant now) throws IOException {
        return applyRetention(keepDays, maxSize, now, null, f -> { });
    }

    /**
     * Retention that keeps unsent files: from {@code unsentFrom} on (a file name of this history;
     * null: every file is sent) no file goes for its age, and one goes for the size limit only after
     * {@code losing} was told.
     */
    public List<Path> applyRetention(int keepDays, long maxSize, Instant now, Path unsentFrom,
                                     Consumer<HistoryLayout.HistoryFile> losing) throws IOException {
        Path keep = current();
        List<HistoryLayout.HistoryFile> files = new ArrayList<>(layout.files());
        List<Path> deleted = new ArrayList<>();
        Instant cutoff = now.minus(java.time.Duration.ofDays(keepDays));
        long total = 0;
        List<long[]> sizes = new ArrayList<>();
        for (HistoryLayout.HistoryFile f : files) {
            long s = Files.exists(f.path()) ? Files.size(f.path()) : 0;
            sizes.add(new long[]{s});
            total += s;
        }
        for (int i = 0; i < files.size(); i++) {
            HistoryLayout.HistoryFile f = files.get(i);
            if (f.path().equals(keep)) {
                continue;
            }
            boolean unsent = unsentFrom != null && HistoryLayout.parse(unsentFrom)
                    .map(u -> HistoryLayout.ORDER.compare(f, u) >= 0).orElse(true);
            boolean old = keepDays > 0 && !f.dayEnd().isAfter(cutoff) && !unsent;
            boolean over = maxSize > 0 && total > maxSize;
            if (old || over) {
                if (unsent) {
                    losing.accept(f);
                }
                Files.deleteIfExists(f.path());
                total -= sizes.get(i)[0];
                deleted.add(f.path());
            }
        }
        return deleted;
    }

    /** Writes what is pending (a last try), {@code fdatasync}s and closes. */
    @Override
    public synchronized void close() {
        writePending();
        if (failing && (pending.size() > 0 || dropped > 0)) {
            diagnostics.accept("history: lost " + pending.size() + " bytes of buffered events and " + dropped
                    + " dropped events at stop: the disk still refuses writes");
        }
        file.close();
        closed = true;
    }
}
