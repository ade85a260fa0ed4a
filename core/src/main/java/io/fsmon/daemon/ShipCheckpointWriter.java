package io.fsmon.daemon;

import io.fsmon.log.HistoryLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Stores the {@link Shipper}'s acknowledged position on a thread of its own: the checkpoint, and
 * after it the history folder's unsent mark ({@link HistoryLayout#UNSENT_MARK}), each written
 * atomically. Two fsyncs per send took 10 to 50 ms each on a busy disk, and the shipper waited for
 * them before reading its next batch; now it reads and sends the next batch meanwhile. At most one
 * write a second ({@link #EVERY}), of the newest position. What is stored is never ahead of an
 * acknowledgement, at most a second behind: a crash then resends, never skips.
 */
final class ShipCheckpointWriter implements AutoCloseable {
    /** A file name before every file of a history: nothing of it was sent yet. */
    private static final String NOTHING_SENT = "events-0001-01-01-000";
    /**
     * At most one durable write this often: in a burst a MiB of lines is acknowledged every few
     * milliseconds, and two fsync'd replaces for each were a sixth of the daemon's CPU while
     * shipping. A crash resends at most the last second's lines, which the collector drops.
     */
    static final Duration EVERY = Duration.ofSeconds(1);

    private final Path checkpointFile;
    private final Path markFile;
    private final Consumer<String> log;
    private final Thread thread;
    /** The newest acknowledged position, to be stored; null: none yet. */
    private ShipCheckpoint wanted;
    private boolean wantedSet;
    private boolean closing;
    /** The position the checkpoint file holds (as loaded or last written). */
    private volatile ShipCheckpoint stored;
    /** What the unsent mark says, as last written here. */
    private String marked;
    /** The last failure logged: a lasting one is logged once. */
    private String failure;

    ShipCheckpointWriter(Path checkpointFile, Path historyDir, ShipCheckpoint loaded, Consumer<String> log) {
        this.checkpointFile = checkpointFile;
        this.markFile = historyDir.resolve(HistoryLayout.UNSENT_MARK);
        this.log = log;
        this.stored = loaded;
        this.thread = Thread.ofPlatform().daemon().name("fsmon-ship-checkpoint").unstarted(this::loop);
    }

    /** Writes the mark of the loaded position before anything is sent, then starts the thread. */
    void start() {
        if (!write(stored)) {
            store(stored); // tried again on the thread
        }
        thread.start();
    }

    /** The checkpoint as stored: retention keeps its file and every later one. */
    ShipCheckpoint stored() {
        return stored;
    }

    /** Stores {@code c} (acknowledged by the broker) soon, after any earlier one. */
    synchronized void store(ShipCheckpoint c) {
        wanted = c;
        wantedSet = true;
        notifyAll();
    }

    private void loop() {
        while (true) {
            ShipCheckpoint c;
            synchronized (this) {
                while (!wantedSet && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                if (!wantedSet) {
                    return; // closing with nothing left to write
                }
                c = wanted;
                wantedSet = false;
            }
            if (write(c)) {
                rest();
            } else {
                synchronized (this) {
                    if (!wantedSet) { // nothing newer: try this one again
                        wanted = c;
                        wantedSet = true;
                    }
                    if (closing) {
                        return;
                    }
                    try {
                        wait(Duration.ofSeconds(1).toMillis());
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
            }
        }
    }

    /**
     * Waits {@link #EVERY} after a write (close cuts it short): positions acknowledged meanwhile
     * are coalesced into the next write.
     */
    private synchronized void rest() {
        long until = System.nanoTime() + EVERY.toNanos();
        for (long left = EVERY.toNanos(); left > 0 && !closing; left = until - System.nanoTime()) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                closing = true;
            }
        }
    }

    /**
     * The checkpoint, then the mark naming its file (so that {@code fsmon clean} keeps it and
     * every later file): after a crash in between the mark names an earlier file, which only keeps
     * more. False when it could not be written (logged).
     */
    private boolean write(ShipCheckpoint c) {
        try {
            if (c != null && !c.equals(stored)) {
                c.store(checkpointFile);
                stored = c;
            }
            String stem = c == null ? NOTHING_SENT : c.file();
            if (!stem.equals(marked)) {
                io.fsmon.log.DurableFile.replace(markFile, stem + "\n");
                marked = stem;
            }
            failure = null;
            return true;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!why.equals(failure)) {
                log.accept("ship: cannot store the checkpoint " + checkpointFile + ": " + why
                        + "; retrying (a restart would resend from the last one stored)");
                failure = why;
            }
            return false;
        }
    }

    /** Writes what is left to write, then ends the thread. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
