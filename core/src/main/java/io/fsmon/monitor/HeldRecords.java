package io.fsmon.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records held back from the end of one read, to be interpreted with the next one, and the time
 * of the read they came in (see {@link RecordPipeline} for why). Owned by the
 * reader thread.
 */
final class HeldRecords {
    /** The most records held back from the end of a read. */
    static final int MAX = 4;
    private final List<RawRecord> held = new ArrayList<>(MAX);
    /** The held records followed by the next read's, reused. */
    private final List<RawRecord> joined = new ArrayList<>();
    private Instant time;

    int size() {
        return held.size();
    }

    /** The time of the read the held records came in. */
    Instant time() {
        return time;
    }

    /** The held records followed by {@code batch}; holds nothing afterwards. */
    List<RawRecord> before(List<RawRecord> batch) {
        if (held.isEmpty()) {
            return batch;
        }
        joined.clear();
        joined.addAll(held);
        joined.addAll(batch);
        held.clear();
        return joined;
    }

    /** Holds {@code records[from, size)}, read at {@code readAt}. */
    void hold(List<RawRecord> records, int from, Instant readAt) {
        for (int i = from; i < records.size(); i++) {
            held.add(records.get(i));
        }
        time = readAt;
    }
}
