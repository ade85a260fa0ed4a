package io.fsmon.monitor;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The last known size per path: changes, deletes, renames, and what a full table forgets. */
class SizeTrackerTest {

    @Test
    void reportsTheChangeFromTheLastKnownSize() {
        SizeTracker t = new SizeTracker(1024);
        assertThat(t.update("/a/f", 10, true)).as("created: all of it is new").isEqualTo(10);
        assertThat(t.update("/a/g", 10, false)).as("first seen, not created: unknown").isNull();
        assertThat(t.update("/a/f", 25, false)).isEqualTo(15);
        assertThat(t.update("/a/f", 5, false)).isEqualTo(-20);
        assertThat(t.remove("/a/f")).isEqualTo(-5);
        assertThat(t.remove("/a/f")).as("already forgotten").isNull();
        assertThat(t.update("/a/f", 7, false)).as("a new file under the old name").isNull();
    }

    @Test
    void aRenameCarriesTheSizeToTheNewPath() {
        SizeTracker t = new SizeTracker(1024);
        t.update("/a/old", 100, true);
        t.update("/a/new", 1, true);
        t.move("/a/old", "/a/new");
        assertThat(t.update("/a/old", 3, false)).isNull();
        assertThat(t.update("/a/new", 150, false)).isEqualTo(50);
        t.move("/a/missing", "/a/other");
        assertThat(t.update("/a/other", 1, false)).isNull();
    }

    @Test
    void aFullTableForgetsTheLeastRecentlyUsedPathsOnly() {
        SizeTracker t = new SizeTracker(64);
        t.update("/keep", 1, true);
        for (int i = 0; i < 10_000; i++) {
            t.update("/churn/" + i, i, true);
            if (i % 4 == 0) {
                assertThat(t.update("/keep", 1, false)).as("used often, never forgotten").isZero();
            }
        }
        assertThat(t.update("/churn/0", 0, false)).as("long unused: forgotten").isNull();
        assertThat(t.update("/churn/9999", 9999, false)).as("just written: known").isZero();
    }

    @Test
    void fingerprintsOfSimilarPathsDiffer() {
        Set<Long> seen = new HashSet<>();
        for (int d = 0; d < 200; d++) {
            for (int f = 0; f < 500; f++) {
                seen.add(SizeTracker.fingerprint("/srv/data/d" + d + "/f" + f));
            }
        }
        assertThat(seen).hasSize(100_000).doesNotContain(0L);
    }

    @Test
    void aTableThatGrowsKeepsAndForgetsWhatATableMadeAtFullSizeDoes() {
        SizeTracker full = new SizeTracker(512, 512);
        SizeTracker growing = new SizeTracker(512, 8); // one set at first: it grows six times
        java.util.Random r = new java.util.Random(15);
        for (int i = 0; i < 200_000; i++) {
            String p = "/d/f" + r.nextInt(2_000); // more paths than fit: the full table forgets some
            switch (r.nextInt(10)) {
                case 0 -> assertThat(growing.remove(p)).as("remove %s at %d", p, i).isEqualTo(full.remove(p));
                case 1 -> {
                    String to = "/d/f" + r.nextInt(2_000);
                    full.move(p, to);
                    growing.move(p, to);
                }
                default -> {
                    long size = r.nextInt(1_000);
                    boolean created = r.nextBoolean();
                    assertThat(growing.update(p, size, created)).as("update %s at %d", p, i)
                            .isEqualTo(full.update(p, size, created));
                }
            }
        }
    }
}
