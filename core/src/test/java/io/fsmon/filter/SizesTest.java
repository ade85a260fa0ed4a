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
}
