package io.fsmon.proc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the proc-connector decoder with datagrams as {@code recv} returns them: events, or
 * IllegalArgumentException for a message the kernel could not have produced; the loss count never
 * goes negative. Seeds: real datagrams ({@code io.fsmon.linux.SeedCapture}).
 */
class ProcMessagesFuzzTest {

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void decode(byte[] datagram) {
        ProcMessages messages = new ProcMessages();
        List<ProcEvent> out = new ArrayList<>();
        try {
            messages.decode(datagram, datagram.length, out::add);
            messages.decode(datagram, datagram.length, out::add); // the same again: a sequence to check
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        assertThat(messages.lost()).isNotNegative();
        assertThat(messages.messages()).isGreaterThanOrEqualTo(out.size());
    }
}
