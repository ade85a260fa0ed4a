package io.fsmon.daemon;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The events of one watched path by type, counted on their way to the daemon's sink: the one
 * counter the event path pays for, read by status and metrics. Kept by the {@link WatchTable}
 * while the path is watched, across restarts of its monitor (an {@code add} with new options),
 * so the counts only grow.
 */
final class WatchCounts {
    private static final EventType[] TYPES = EventType.values();

    private final LongAdder[] byType = new LongAdder[TYPES.length];
    /** Unresolved paths of this path's monitors already stopped; written under the table's lock. */
    private volatile long retiredUnresolved;

    WatchCounts() {
        for (int i = 0; i < byType.length; i++) {
            byType[i] = new LongAdder();
        }
    }

    /** A sink that counts each event, then hands it to {@code next}. */
    EventSink counting(EventSink next) {
        return new EventSink() {
            @Override
            public void accept(FileEvent e) throws IOException {
                byType[e.type().ordinal()].increment();
                next.accept(e);
            }

            @Override
            public void flush() throws IOException {
                next.flush();
            }
        };
    }

    long count(EventType t) {
        return byType[t.ordinal()].sum();
    }

    /** Adds these counts to {@code into}, by type. */
    void addTo(Map<EventType, Long> into) {
        for (EventType t : TYPES) {
            into.merge(t, count(t), Long::sum);
        }
    }

    Map<EventType, Long> byType() {
        Map<EventType, Long> m = new EnumMap<>(EventType.class);
        addTo(m);
        return m;
    }

    /** Adds {@code other}'s counts to these (a removed watch's counts kept in the daemon's totals). */
    void absorb(WatchCounts other) {
        for (EventType t : TYPES) {
            byType[t.ordinal()].add(other.count(t));
        }
        retiredUnresolved += other.retiredUnresolved;
    }

    long retiredUnresolved() {
        return retiredUnresolved;
    }

    void retireUnresolved(long n) {
        retiredUnresolved += n;
    }
}
