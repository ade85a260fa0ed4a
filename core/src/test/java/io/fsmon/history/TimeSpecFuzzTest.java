package io.fsmon.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Timeout;

/** Fuzzes {@code --since}/{@code --until}: a time, or IllegalArgumentException with the one-line message. */
class TimeSpecFuzzTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final ZoneId[] ZONES = {ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/St_Johns")};

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ZoneId zone = ZONES[Math.floorMod(text.hashCode(), ZONES.length)];
        Instant t;
        try {
            t = TimeSpec.parse(text, NOW, zone);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("invalid time '").hasMessageEndingWith(")");
            assertThat(e.getMessage()).contains(TimeSpec.EXAMPLES);
            return;
        }
        assertThat(t).isNotNull();
    }
}
