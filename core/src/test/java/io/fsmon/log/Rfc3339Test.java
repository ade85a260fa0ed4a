package io.fsmon.log;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339Test {

    @Test
    void fixedFormParsesBackToTheSameInstantAsTheJdk() {
        Rfc3339 w = new Rfc3339();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_167_219_200L, 253_402_300_799L), r.nextInt(1_000_000_000));
            String s = w.format(t);
            assertThat(Rfc3339.parseFixed(s)).isEqualTo(t).isEqualTo(Instant.parse(s));
        }
    }

    @Test
    void anythingElseIsLeftToTheJdk() {
        assertThat(Rfc3339.parseFixed("2026-11-25T10:20:14Z")).isNull();
        assertThat(Rfc3339.parseFixed("2026-11-25T10:20:14.123+01:00")).isNull();
        assertThat(Rfc3339.parseFixed("2026-02-30T10:20:14.123456789Z")).isNull();
        assertThat(Rfc3339.parseFixed("2026-11-25T24:20:14.123456789Z")).isNull();
        assertThat(Rfc3339.parseFixed("2026-11-25T10:20:1x.123456789Z")).isNull();
    }
}
