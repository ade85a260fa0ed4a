package io.fsmon.monitor;

import io.fsmon.event.Actor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchActorsTest {
    private final List<Integer> lookups = new ArrayList<>();
    private final BatchActors batch = new BatchActors(Attribution.of(pid -> {
        lookups.add(pid);
        return new Actor(pid, null, 1, "p" + pid, null, null, 0, "root", null, null, null);
    }));

    @Test
    void interleavedProcessesAreLookedUpOncePerBatchAndShareOneActor() {
        Actor first = batch.of(10, false);
        for (int i = 0; i < 5; i++) {
            for (int pid = 10; pid < 14; pid++) {
                assertThat(batch.of(pid, false).pid()).isEqualTo(pid);
            }
        }
        assertThat(lookups).containsExactly(10, 11, 12, 13);
        assertThat(batch.of(10, false)).isSameAs(first);

        batch.batchDone();
        assertThat(batch.of(10, false)).isNotSameAs(first);
        assertThat(lookups).containsExactly(10, 11, 12, 13, 10);
    }

    @Test
    void anExecForgetsOnlyThatProcess() {
        batch.of(10, false);
        batch.of(11, false);
        batch.execed(10);
        batch.of(10, false);
        batch.of(11, false);
        assertThat(lookups).containsExactly(10, 11, 10);
    }

    @Test
    void aRecordBeforeAnExecLaterInTheBatchHasNoProgram() {
        Actor before = batch.of(10, true);
        assertThat(before.comm()).isNull();
        assertThat(before.user()).isEqualTo("root");
        assertThat(batch.of(10, false).comm()).isEqualTo("p10");
    }

    @Test
    void moreProcessesThanSlotsAreStillEachRight() {
        for (int pid = 1; pid <= 20; pid++) {
            assertThat(batch.of(pid, false).comm()).isEqualTo("p" + pid);
        }
        assertThat(batch.of(20, false).comm()).isEqualTo("p20");
        assertThat(lookups).hasSize(20);
        assertThat(batch.of(1, false).comm()).isEqualTo("p1");
        assertThat(lookups).hasSize(21);
    }
}
