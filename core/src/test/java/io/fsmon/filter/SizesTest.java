package io.fsmon.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
            "4096, 4096", "0, 0", "12B, 12", "1K, 1024", "1kb, 1024", "1KiB, 1024", "100KB, 102400",
            "1M, 1048576", "2 MiB, 2097152", "1.5GB, 1610612736", "1.5 gib, 1610612736",
            "1T, 1099511627776", "1tb, 1099511627776", "0.5K, 512", "' 7 k ', 7168", ".5K, 512"})
    void parses(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "-1KB", "abc", "1X", "1 2", "1  KB", "1.2.3", "K", "99999999T"})
    void rejectsGarbage(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid size '" + text + "' (examples: 4096, 100KB, 1.5GB)");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Sizes.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void human() {
        assertThat(Sizes.human(0)).isEqualTo("0 B");
        assertThat(Sizes.human(1023)).isEqualTo("1023 B");
        assertThat(Sizes.human(1024)).isEqualTo("1.0 KiB");
        assertThat(Sizes.human(1536)).isEqualTo("1.5 KiB");
        assertThat(Sizes.human(1048575)).isEqualTo("1.0 MiB");
        assertThat(Sizes.human(1610612736)).isEqualTo("1.5 GiB");
        assertThat(Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
        assertThat(Sizes.human(-2048)).isEqualTo("-2.0 KiB");
    }

    @Test
    void signed() {
        assertThat(Sizes.signed(12)).isEqualTo("+12 B");
        assertThat(Sizes.signed(-1048576)).isEqualTo("-1.0 MiB");
        assertThat(Sizes.signed(0)).isEqualTo("0 B");
        assertThat(Sizes.signed(Long.MIN_VALUE)).isEqualTo("-8.0 EiB");
    }

    /** The integer rounding of {@link Sizes#human} prints what {@code String.format("%.1f")} of the quotient prints. */
    @Test
    void humanRoundsAsStringFormatDoes() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(15);
        java.util.List<Long> values = new java.util.ArrayList<>();
        for (int unit = 1; unit <= 4; unit++) {
            long scale = 1L << (10 * unit);
            for (long tenths = 10; tenths < 10_250; tenths += 1 + rnd.nextInt(7)) {
                long tie = (2 * tenths + 1) * scale / 20; // around x.x5: the rounding's edge
                for (long d = -2; d <= 2; d++) {
                    values.add(tie + d);
                }
            }
        }
        for (int i = 0; i < 200_000; i++) {
            values.add(rnd.nextLong(1L << (10 + rnd.nextInt(44))));
        }
        for (long v : values) {
            for (long b : new long[] {v, -v}) {
                assertThat(Sizes.human(b)).as("%d", b).isEqualTo(viaFormat(b));
            }
        }
    }

    /** What Sizes.human wrote before its integer rounding. */
    private static String viaFormat(long bytes) {
        String sign = bytes < 0 ? "-" : "";
        double v = Math.abs((double) bytes);
        if (v < 1024) {
            return sign + (long) v + " B";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        while (v >= 1023.95 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return sign + String.format(java.util.Locale.ROOT, "%.1f %s", v, units[unit]);
    }
}
