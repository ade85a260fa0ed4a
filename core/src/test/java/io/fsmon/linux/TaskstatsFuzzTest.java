package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the reading of the kernel's {@code CTRL_CMD_GETFAMILY} reply: a family id, or the
 * NativeException (ENOENT) that says the reply holds none.
 */
class TaskstatsFuzzTest {

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void familyIn(byte[] reply) {
        try {
            Taskstats.familyIn(reply);
        } catch (NativeException e) {
            assertThat(e.errno()).isEqualTo(NativeException.ENOENT);
        }
    }
}
