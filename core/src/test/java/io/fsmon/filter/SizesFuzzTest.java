package io.fsmon.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@code --min-size} and the config's sizes: a non-negative byte count, or
 * IllegalArgumentException with the documented message; and {@link Sizes#human} of any count.
 */
class SizesFuzzTest {

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long bytes;
        try {
            bytes = Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessage("invalid size '" + text + "' (examples: 4096, 100KB, 1.5GB)");
            return;
        }
        assertThat(bytes).isNotNegative();
        assertThat(Sizes.human(bytes)).matches("\\d+(\\.\\d)? (B|KiB|MiB|GiB|TiB|PiB|EiB)");
        assertThat(Sizes.signed(-bytes)).startsWith(bytes == 0 ? "0" : "-");
    }
}
