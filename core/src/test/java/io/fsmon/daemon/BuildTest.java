package io.fsmon.daemon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the build could not fill in reads as "unknown", never as a raw placeholder. */
class BuildTest {

    @Test
    void unfilledValuesReadAsUnknown() {
        assertThat(Build.CURRENT.version()).isNotEqualTo("unknown").doesNotContain("$");
        assertThat(Build.known("${git.commit.id.abbrev}")).isEqualTo("unknown");
        assertThat(Build.known(null)).isEqualTo("unknown");
        assertThat(Build.known("")).isEqualTo("unknown");
        assertThat(Build.known(" 1a2b3c ")).isEqualTo("1a2b3c");
    }
}
