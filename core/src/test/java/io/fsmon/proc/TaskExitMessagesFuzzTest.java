package io.fsmon.proc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the taskstats exit decoder with datagrams as {@code recv} returns them: exits, or
 * IllegalArgumentException for a message the kernel could not have produced. Seeds: real exit
 * datagrams ({@code io.fsmon.linux.SeedCapture}); their family id is {@link #FAMILY}.
 */
class TaskExitMessagesFuzzTest {
    /** The TASKSTATS family id the kernel gave on the machine the seeds were captured on. */
    static final short FAMILY = 31;

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void decode(byte[] datagram) {
        TaskExitMessages messages = new TaskExitMessages(FAMILY);
        List<ProcEvent> out = new ArrayList<>();
        try {
            messages.decode(datagram, datagram.length, 1L, out::add);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        assertThat(out).allSatisfy(e -> assertThat(e).isInstanceOf(ProcEvent.TaskExit.class));
        assertThat(messages.records()).isGreaterThanOrEqualTo(out.size() + messages.tooOld());
    }
}
