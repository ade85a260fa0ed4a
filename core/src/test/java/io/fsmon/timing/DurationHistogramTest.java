package io.fsmon.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationHistogramTest {

    @Test
    void eachDurationLandsInTheFirstBucketItFits() {
        DurationHistogram h = new DurationHistogram();
        h.observe(0);            // first bucket (≤ 100 µs)
        h.observe(100_000);      // on the bound: still the first
        h.observe(100_001);      // second (≤ 250 µs)
        h.observe(7_000_000);    // ≤ 10 ms
        h.observe(60_000_000_000L); // above every bound
        h.observe(-5);           // a clock that went back counts as zero
        DurationHistogram.Snapshot s = h.snapshot();
        assertThat(s.counts()).hasSize(s.boundsNanos().length + 1);
        assertThat(s.counts()[0]).isEqualTo(3);
        assertThat(s.counts()[1]).isEqualTo(1);
        int tenMillis = java.util.Arrays.binarySearch(s.boundsNanos(), 10_000_000L);
        assertThat(s.counts()[tenMillis]).isEqualTo(1);
        assertThat(s.counts()[s.counts().length - 1]).isEqualTo(1);
        assertThat(s.count()).isEqualTo(6);
        assertThat(s.sumNanos()).isEqualTo(100_000 + 100_001 + 7_000_000 + 60_000_000_000L);
    }
}
