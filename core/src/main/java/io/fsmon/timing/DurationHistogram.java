package io.fsmon.timing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of durations in fixed buckets, kept by whoever times something (an fsync, an attribution
 * hold) and read by status or a metrics scrape. An observation is a bucket search over a dozen
 * bounds and two atomic adds: cheap enough for work done once per kernel read or once a second,
 * and lock-free for the readers. Nothing here knows how it is exported.
 */
public final class DurationHistogram {
    /** Upper bounds, in nanoseconds: 100 µs to 5 s, roughly ×2.5 apart (Prometheus's default shape). */
    private static final long[] BOUNDS = {
        100_000L, 250_000L, 500_000L,
        1_000_000L, 2_500_000L, 5_000_000L,
        10_000_000L, 25_000_000L, 50_000_000L,
        100_000_000L, 250_000_000L, 500_000_000L,
        1_000_000_000L, 2_500_000_000L, 5_000_000_000L};

    /** One slot per bound plus the last, for durations above every bound. */
    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private final AtomicLong sumNanos = new AtomicLong();

    /**
     * The counts at one moment.
     *
     * @param boundsNanos the finite upper bounds, ascending
     * @param counts      per bucket (not cumulative), one more than the bounds: the last is above them all
     * @param sumNanos    the sum of every observed duration
     */
    public record Snapshot(long[] boundsNanos, long[] counts, long sumNanos) {
        /** How many durations were observed. */
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }

    /** Counts one duration; negative ones (a clock that went back) count as zero. */
    public void observe(long nanos) {
        long d = Math.max(0, nanos);
        int i = 0;
        while (i < BOUNDS.length && d > BOUNDS[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sumNanos.addAndGet(d);
    }

    public Snapshot snapshot() {
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
        }
        return new Snapshot(BOUNDS.clone(), c, sumNanos.get());
    }
}
