package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupTest {
    @Test
    void linksEveryHandleTheMonitorNeeds() {
        // 19 holders: any that fails to initialise (a missing symbol, a wrong descriptor) stops the count.
        assertThat(Warmup.linkMonitorHandles()).isEqualTo(21);
    }
}
