package io.fsmon.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeSpecTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // UTC+2 in May

    @Test
    void relativeTimesCountBackFromNow() {
        assertThat(TimeSpec.parse("45s", NOW, BERLIN)).isEqualTo(NOW.minusSeconds(45));
        assertThat(TimeSpec.parse("30m", NOW, BERLIN)).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(TimeSpec.parse("2h", NOW, BERLIN)).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(TimeSpec.parse("7d", NOW, BERLIN)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(TimeSpec.parse(" 2H ", NOW, BERLIN)).isEqualTo(NOW.minus(Duration.ofHours(2)));
    }

    @Test
    void absoluteTimesAreLocal() {
        assertThat(TimeSpec.parse("2026-05-01 10:00", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(TimeSpec.parse("2026-05-01 10:00:30", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T08:00:30Z"));
        assertThat(TimeSpec.parse("2026-05-01T10:00", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(TimeSpec.parse("2026-05-01", NOW, BERLIN)).isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
    }

    @Test
    void rfc3339CarriesItsOwnOffset() {
        assertThat(TimeSpec.parse("2026-05-01T10:00:00Z", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(TimeSpec.parse("2026-05-01T10:00:00.5+02:00", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T08:00:00.5Z"));
        assertThat(TimeSpec.parse("2026-05-01 10:00:00Z", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "5", "-5m", "2026-13-01", "2026-05-01 25:00", "10:00", "3x", "2026-05-01T10:00:00+99:00"})
    void badInputGivesOneLineWithExamples(String text) {
        assertThatThrownBy(() -> TimeSpec.parse(text, NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid time")
                .hasMessageContaining("examples: 30m, 2h, 7d")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
