package io.fsmon.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The way from the bytes of one {@code read(2)} of the fanotify group to the events they stand
 * for: decoded ({@link RecordDecoder}), joined after the records held back from the read before,
 * looked ahead over ({@link BatchLookahead}: a file already gone has no size to ask for, and asking
 * would find nothing, or a newer file that took its name), and interpreted one by one
 * ({@link RecordInterpreter}), with the end of the read held back when it may be named by the next
 * one. Pure Java past its edges, so tests feed it
 * hand-built records. Owned by the reader thread.
 *
 * <p>Why the end of a read may be held back: unlink(2) queues the file's link-count ATTRIB
 * and its DELETE_SELF, which carry only the file's handle, just before the DELETE that names
 * it. When a read ends between them (the buffer filled, or the read came while the unlink was
 * under way), the look-ahead cannot find the name: 2–21 such events per 20,000-file tree were
 * dropped under a filesystem mark. Such records, when among the last {@link HeldRecords#MAX} of a
 * read, are interpreted with the next read and keep their own read's time. The next read
 * follows at once after a full read, and after the reader's 1 ms pause after a short one, by
 * which time the unlink has queued its DELETE. A record is held once at most;
 * {@link #flushHeld} interprets what is held when no read follows.
 */
final class RecordPipeline {
    private final RecordInterpreter interpreter;
    /** The records of one read, reused: the reader thread's only per-batch collection. */
    private final List<RawRecord> batch = new ArrayList<>(4096);
    private final Consumer<RawRecord> add = batch::add;
    private final RecordDecoder.DirectoryHandles directoryHandles = new RecordDecoder.DirectoryHandles();
    private final HeldRecords held = new HeldRecords();

    RecordPipeline(RecordInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    /**
     * Decodes and interprets the records in {@code buf[0, len)}, read at {@code time}.
     *
     * @return how many records the read held
     * @throws IllegalStateException on bytes the kernel could not have produced
     */
    int read(byte[] buf, int len, Instant time, RecordInterpreter.Output out) {
        batch.clear();
        int n = RecordDecoder.decode(buf, len, directoryHandles, add);
        interpretBatch(batch, time, out);
        return n;
    }

    /** Interprets one batch of decoded records, after the held ones. */
    private void interpretBatch(List<RawRecord> batch, Instant time, RecordInterpreter.Output out) {
        int wasHeld = held.size();
        Instant heldTime = held.time();
        List<RawRecord> all = held.before(batch);
        interpreter.beginBatch(all);
        int end = holdFrom(all, wasHeld);
        for (int i = 0; i < end; i++) {
            interpreter.interpret(all.get(i), i, i < wasHeld ? heldTime : time, out);
        }
        held.hold(all, end, time);
        interpreter.batchDone(time);
    }

    /**
     * Where the held tail of {@code all} starts: at the earliest of the last {@link HeldRecords#MAX}
     * records (never one held before) that the interpreter cannot name yet
     * ({@link RecordInterpreter#unnamed}); {@code all.size()} when there is none.
     */
    private int holdFrom(List<RawRecord> all, int wasHeld) {
        int n = all.size();
        for (int i = Math.max(wasHeld, n - HeldRecords.MAX); i < n; i++) {
            if (interpreter.unnamed(all.get(i), i)) {
                return i;
            }
        }
        return n;
    }

    /** Whether records of the last read are held for the next one. */
    boolean holding() {
        return held.size() > 0;
    }

    /** Interprets the held records when no read follows: their names will not come. */
    void flushHeld(RecordInterpreter.Output out) {
        if (held.size() > 0) {
            interpretBatch(List.of(), held.time(), out); // a record is held once at most: none stays
        }
    }

    /** Events in no watched path, or not passing the user's filter, so far. */
    long filtered() {
        return interpreter.filtered();
    }

    /** Events whose path could not be resolved so far. */
    long unresolvedEvents() {
        return interpreter.unresolvedEvents();
    }
}
