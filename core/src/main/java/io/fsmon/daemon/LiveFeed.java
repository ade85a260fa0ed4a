package io.fsmon.daemon;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.FileEvent;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live stream for {@code tail}. Publishing never blocks: each subscriber has a bounded
 * queue, and an event that does not fit is counted as dropped for that subscriber, which then
 * receives a GAP marker with the span and count before its next event. A slow subscriber costs
 * itself events, never the monitors or the history.
 *
 * <p>All queues together hold at most twice one subscriber's capacity: subscribers that stopped
 * reading at different times would otherwise each keep a different window of events alive, and
 * enough of them would take the heap the monitors need. Beyond that bound an event is dropped
 * (and counted, and said with a GAP) for the subscriber it does not fit, as when its own queue is
 * full.
 */
final class LiveFeed {
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final LongAdder dropped = new LongAdder();
    /** Events in all subscribers' queues together. */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile int budget;

    void publish(FileEvent e) {
        for (Subscriber s : subscribers) {
            s.offer(e);
        }
    }

    Subscriber subscribe(EventFilter filter, int capacity) {
        budget = Math.max(budget, (int) Math.min(Integer.MAX_VALUE, 2L * capacity));
        Subscriber s = new Subscriber(filter, capacity);
        subscribers.add(s);
        return s;
    }

    int subscribers() {
        return subscribers.size();
    }

    long dropped() {
        return dropped.sum();
    }

    /** Events queued for all subscribers together. */
    int queued() {
        return queued.get();
    }

    final class Subscriber implements AutoCloseable {
        private final EventFilter filter;
        private final ArrayBlockingQueue<FileEvent> queue;
        private long lost;
        private Instant since;
        private Instant until;
        private boolean closed;

        private Subscriber(EventFilter filter, int capacity) {
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        private void offer(FileEvent e) {
            if (!filter.test(e)) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (queued.incrementAndGet() <= budget && queue.offer(e)) {
                    return;
                }
                queued.decrementAndGet();
            }
            dropped.increment();
            synchronized (this) {
                lost++;
                since = since == null ? e.time() : since;
                until = e.time();
            }
        }

        /** The next event, or a GAP marker for what was dropped, or null after {@code timeoutMillis}. */
        FileEvent next(long timeoutMillis) throws InterruptedException {
            synchronized (this) {
                if (lost > 0) {
                    FileEvent gap = FileEvent.gap(Instant.now(), since, until, lost);
                    lost = 0;
                    since = null;
                    until = null;
                    return gap;
                }
            }
            FileEvent e = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (e != null) {
                queued.decrementAndGet();
            }
            return e;
        }

        @Override
        public void close() {
            subscribers.remove(this);
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    queued.addAndGet(-queue.size());
                    queue.clear();
                }
            }
        }
    }
}
