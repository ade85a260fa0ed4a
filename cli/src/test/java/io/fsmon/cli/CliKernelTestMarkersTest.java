package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.linux.KernelTestMarkersTest;
import org.junit.jupiter.api.Test;

/** The command's tests that need root say so with {@code @KernelTest}, as the library's do. */
class CliKernelTestMarkersTest {

    @Test
    void whatAssumesRootIsMarkedKernelTest() throws Exception {
        assertThat(KernelTestMarkersTest.unmarked(KernelTestMarkersTest.testClasses(CliKernelTestMarkersTest.class)))
                .as("call Privileged.assumeRoot() without @KernelTest").isEmpty();
    }
}
