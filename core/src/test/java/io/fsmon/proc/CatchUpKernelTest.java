package io.fsmon.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connector's catch-up barrier against real processes: what it promises, and its quick answer. */
@KernelTest
class CatchUpKernelTest {

    private static final long FIVE_SECONDS = TimeUnit.SECONDS.toNanos(5);

    @Test
    void whenTheBarrierSaysCaughtUpEveryExecBeforeItHasBeenHandled() throws Exception {
        Privileged.assumeRoot();
        Set<Integer> execed = ConcurrentHashMap.newKeySet();
        try (ProcConnector connector = ProcConnector.open()) {
            connector.start(e -> {
                if (e instanceof ProcEvent.Exec x) {
                    execed.add(x.tgid());
                }
            });
            for (int i = 0; i < 40; i++) {
                Process p = new ProcessBuilder("/bin/true").start();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                // Half of the time at once (the listener is likely still busy), half a moment later.
                if (i % 2 == 1) {
                    assertThat(connector.awaitCaughtUp(System.nanoTime(), FIVE_SECONDS)).isTrue();
                }
                assertThat(connector.awaitCaughtUp(System.nanoTime(), FIVE_SECONDS)).isTrue();
                assertThat(execed).as("exec of pid %d handled", p.pid()).contains((int) p.pid());
            }
        }
    }

    @Test
    void aListenerAsleepWithEmptySocketsIsCaughtUpWithoutBeingWaitedFor() throws Exception {
        Privileged.assumeRoot();
        try (ProcConnector connector = ProcConnector.open()) {
            connector.start(e -> { });
            assertThat(connector.awaitCaughtUp(System.nanoTime(), FIVE_SECONDS)).isTrue();
            long before = connector.wakeUps();
            for (int i = 0; i < 50; i++) {
                assertThat(connector.awaitCaughtUp(System.nanoTime(), FIVE_SECONDS)).isTrue();
            }
            // Each call follows the one that found the listener caught up: unless another process
            // forked or exited in between, it finds the listener asleep and does not wake it.
            assertThat(connector.wakeUps() - before).isLessThan(50);
        }
    }
}
