package io.fsmon.daemon;

import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryLayout.HistoryFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ships the history to a {@link ShipTransport}: the local history is the write-ahead log. One
 * thread reads whole lines from the {@link ShipCheckpoint} on, sends them, and moves the checkpoint
 * only after the broker acknowledged them; a crash in between resends, never skips. Each line
 * carries {@code host} and an {@code id} (host, the history's {@link ShipEpoch}, file, byte offset)
 * that stays the same when resent, so a collector writes it once. A refusing or unreachable broker never touches recording: the
 * shipper retries with a growing pause and status shows its state and how far behind it is.
 */
final class Shipper implements AutoCloseable {
    /**
     * A MiB of lines per batch: the Kafka client's work per produce request, in the daemon's C1, was
     * most of the cost of shipping, and a quarter MiB per batch made four times the requests. Nothing
     * of a batch is held while the broker answers: the read goes into one reused buffer and each
     * block of lines to the client as soon as it is made (when a send's lines and records were held
     * until its acknowledgement, young collections meanwhile promoted them and 1 MiB batches gave a
     * peak RSS of 138 MiB against 64 with shipping off).
     */
    private static final int BATCH_BYTES = 1 << 20;
    /** The pause before reading again at the history's end: also how long a line waits there at most to ship. */
    static final Duration IDLE = Duration.ofMillis(250);
    /** A send without an answer for this long shows as unreachable. */
    private static final Duration SILENT = Duration.ofSeconds(5);

    private final ShipSettings settings;
    private final HistoryLayout layout;
    private final ShipTransport transport;
    private final ShipReader reader;
    /** The history's {@link ShipEpoch}: part of every id. */
    private final String epoch;
    private final ShipLines shipped;
    private final ShipBacklog backlog = new ShipBacklog();
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean stopping;
    private final ShipCheckpointWriter stored;

    private volatile ShipCheckpoint checkpoint;
    private volatile String problem;
    private volatile Instant problemSince;
    private volatile Instant sendingSince;
    private volatile boolean acked;
    private volatile long shippedLines;
    /** Lines acknowledged with their command line cut to fit a record. */
    private volatile long cutLines;
    private volatile long skipped;
    /** Lines of deleted unsent files, for the GAP the next send carries: {since, until, count}. */
    private FileEvent pendingGap;

    Shipper(ShipSettings settings, HistoryLayout layout, Path checkpointFile, ShipTransport transport,
            Consumer<String> log) throws IOException {
        this.settings = settings;
        this.layout = layout;
        this.transport = transport;
        this.reader = new ShipReader(BATCH_BYTES);
        this.log = log;
        this.epoch = ShipEpoch.of(layout.dir());
        this.shipped = new ShipLines(settings.host(), epoch, settings.perEvent(), transport::append);
        ShipCheckpoint c = ShipCheckpoint.load(checkpointFile).orElse(null);
        if (c != null && c.epoch() != null && !c.epoch().equals(epoch)) {
            // the history was deleted and started again: the checkpoint is a place in the old one
            log.accept("ship: " + layout.dir() + " is a new history (epoch " + epoch + ", the checkpoint's was "
                    + c.epoch() + "); shipping it from its start");
            c = null;
        }
        this.checkpoint = c;
        this.stored = new ShipCheckpointWriter(checkpointFile, layout.dir(), c, log);
        this.thread = Thread.ofPlatform().daemon().name("fsmon-ship").unstarted(this::loop);
    }

    void start() {
        stored.start();
        thread.start();
    }

    private void loop() {
        try (reader) { // its open stream belongs to this thread
            shipUntilStopped();
        }
    }

    /**
     * Reads and appends the next batch while the one before is on its way, then waits for that one's
     * acknowledgement and moves the checkpoint past it: one batch out, one filling. A batch that
     * reached the history's end is waited for at once, and the next read comes IDLE after it, so a
     * steady trickle of lines goes out a quarter second's worth per request. A failure drops
     * both and goes back to the checkpoint (the transport delivers nothing after a failed record).
     */
    private void shipUntilStopped() {
        ShipBackoff backoff = new ShipBackoff(settings.bootstrap());
        Batch out = null; // appended, not yet acknowledged
        ShipCheckpoint readFrom = checkpoint;
        while (!stopping) {
            try {
                Batch b = next(readFrom, out);
                if (b.lines() == 0) {
                    boolean waited = out != null;
                    if (waited) { // nothing more to send now: wait for what is out
                        acknowledged(out);
                        out = null;
                        backoff.reset();
                    }
                    if (b.end() != null && !b.end().equals(checkpoint)) {
                        checkpoint = b.end(); // past a finished file or lines that are no events
                        readFrom = checkpoint;
                        stored.store(checkpoint);
                    } else if (!waited) {
                        pause(IDLE);
                    }
                    continue;
                }
                readFrom = b.end();
                if (out != null) {
                    acknowledged(out);
                }
                out = b;
                sendingSince = b.sentAt();
                backoff.reset();
                if (b.caughtUp()) {
                    // At the history's end: a request for every few lines cost the Kafka client's
                    // network thread and this one four times the daemon's own CPU at a steady
                    // 1,000 events/s; a request per 100 ms, half of it; per 250 ms, a fifth. Let
                    // the next lines gather for IDLE, the acknowledged checkpoint stored meanwhile.
                    acknowledged(out);
                    out = null;
                    Duration left = IDLE.minus(Duration.between(b.sentAt(), Instant.now()));
                    if (left.isPositive()) {
                        pause(left);
                    }
                }
            } catch (IOException | RuntimeException e) {
                out = null;
                readFrom = checkpoint;
                shipped.clear();
                sendingSince = null;
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                if (!why.equals(problem)) {
                    log.accept("ship: " + transport.describe() + ": " + why + "; retrying, recording goes on");
                }
                if (problem == null) {
                    problemSince = Instant.now();
                }
                problem = why;
                try {
                    backoff.pause();
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    /** Waits for the broker's acknowledgement of {@code b}, then moves the checkpoint past it. */
    private void acknowledged(Batch b) throws IOException {
        b.acks().await();
        sendingSince = null;
        checkpoint = b.end();
        stored.store(checkpoint); // on its own thread
        synchronized (this) {
            if (b.gap() != null && b.gap() == pendingGap) {
                pendingGap = null;
            }
        }
        shippedLines += b.lines();
        cutLines += b.cut();
        acked = true;
        if (problem != null) {
            log.accept("ship: " + transport.describe() + " acknowledges again (was: " + problem + ")");
            problem = null;
            problemSince = null;
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d); // a poll of the history files; stop interrupts it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private ShipCheckpoint at(String stem, long offset) {
        return new ShipCheckpoint(stem, offset, epoch);
    }

    /**
     * Lines appended to the transport (their acknowledgement to wait for), how many, the checkpoint
     * after them, the GAP they carry, how many were cut, when, and whether they reached the
     * history's end; no lines and a new end: a finished file was passed.
     */
    private record Batch(ShipTransport.Acks acks, int lines, ShipCheckpoint end, FileEvent gap, long cut,
            Instant sentAt, boolean caughtUp) {
        static Batch none(ShipCheckpoint end) {
            return new Batch(null, 0, end, null, 0, null, false);
        }
    }

    /** The batch after {@code from} (null: the history's start), appended; {@code out} is the batch on its way. */
    private Batch next(ShipCheckpoint from, Batch out) throws IOException {
        List<HistoryFile> files = layout.files();
        if (files.isEmpty()) {
            return Batch.none(null);
        }
        int i = from == null ? 0 : ShipCheckpoint.indexOf(files, from.file());
        FileEvent gap;
        synchronized (this) {
            gap = pendingGap;
        }
        if (gap != null && out != null && gap == out.gap()) {
            gap = null; // on its way already
        }
        long offset = from == null ? 0 : from.offset();
        if (i < 0) { // the file was deleted unsent (retention under the size limit): go on after it
            i = ShipCheckpoint.firstAfter(files, from.file());
            offset = 0;
            if (i < 0) {
                return Batch.none(null);
            }
            if (gap == null) { // deleted by someone else (fsmon clean, rm): how much is unknown
                gap = FileEvent.gap(Instant.now(), null, null, 0);
            }
        }
        HistoryFile f = files.get(i);
        String stem = ShipCheckpoint.stem(f.path());
        int n = reader.read(f, offset);
        byte[] chunk = reader.bytes();
        int end = ShipReader.lastNewline(chunk, n);
        if (end < 0) { // nothing whole after the offset
            boolean finished = i < files.size() - 1;
            if (finished) {
                ShipCheckpoint next = at(ShipCheckpoint.stem(files.get(i + 1).path()), 0);
                return gap == null ? Batch.none(next) : withGap(gap, next);
            }
            return gap == null ? Batch.none(null) : withGap(gap, at(stem, offset));
        }
        long cutBefore = shipped.cut();
        if (gap != null) {
            shipped.gap(gap, stem, offset);
        }
        skipped += shipped.lines(chunk, end, stem, offset);
        int lines = shipped.end();
        if (lines == 0) { // only torn lines: nothing to send, the checkpoint goes past them
            return Batch.none(at(stem, offset + end + 1));
        }
        boolean caughtUp = n < BATCH_BYTES && i == files.size() - 1; // the read reached the history's end
        return new Batch(transport.batch(), lines, at(stem, offset + end + 1), gap, shipped.cut() - cutBefore,
                Instant.now(), caughtUp);
    }

    private Batch withGap(FileEvent gap, ShipCheckpoint end) throws IOException {
        shipped.gap(gap, end.file(), end.offset());
        int lines = shipped.end();
        return new Batch(transport.batch(), lines, end, gap, 0, Instant.now(), false);
    }

    /**
     * Retention is about to delete {@code f} although it holds unsent lines (the size limit forces
     * it): they become a GAP marker in the shipped stream.
     */
    synchronized void losing(HistoryFile f) {
        ShipCheckpoint c = checkpoint;
        String stem = ShipCheckpoint.stem(f.path());
        if (c != null && HistoryLayout.compareStems(c.file(), stem) > 0) {
            return; // acknowledged, its checkpoint only not yet stored: nothing lost
        }
        long from = c != null && c.file().equals(stem) ? c.offset() : 0;
        FileEvent unsent = ShipBacklog.unsentEvents(f, from);
        long count = unsent.dropped();
        Instant first = unsent.since();
        Instant last = unsent.until();
        FileEvent prev = pendingGap;
        if (prev != null) {
            first = prev.since() != null ? prev.since() : first;
            count += prev.dropped() == null ? 0 : prev.dropped();
        }
        pendingGap = FileEvent.gap(Instant.now(), first, last, count);
        log.accept("ship: retention deleted " + f.path() + " with " + count + " unsent events (max_size); "
                + "a GAP marker goes to the broker in their place");
    }

    /** The first file that holds unsent lines (retention keeps it and the later ones), or null: all sent. */
    Path firstUnsent() {
        ShipCheckpoint c = stored.stored(); // what a restart would resume from
        try {
            for (HistoryFile f : layout.files()) {
                if (c == null || HistoryLayout.compareStems(ShipCheckpoint.stem(f.path()), c.file()) >= 0) {
                    return f.path();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** What status shows: state, lag in events and bytes, the time of the oldest unsent event. */
    StatusReport.ShipStatus status() {
        Instant s = sendingSince;
        String state;
        Instant since = null;
        String error = null;
        if (problem != null) {
            state = "unreachable";
            since = problemSince;
            error = problem;
        } else if (s != null && Duration.between(s, Instant.now()).compareTo(SILENT) > 0) {
            state = "unreachable";
            since = s;
            error = "no acknowledgement for " + Duration.between(s, Instant.now()).toSeconds() + " s";
        } else {
            state = acked ? "connected" : "connecting";
        }
        ShipLag lag;
        try {
            lag = backlog.measure(layout.files(), checkpoint);
        } catch (IOException e) {
            lag = new ShipLag(0, 0, null);
        }
        Long lost;
        synchronized (this) {
            lost = pendingGap == null ? null : pendingGap.dropped();
        }
        return new StatusReport.ShipStatus(transport.describe(), settings.host(), state, since, error, lag.events(),
                lag.bytes(), lag.oldest(), shippedLines, skipped, cutLines, lost);
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        stored.close();
    }
}
