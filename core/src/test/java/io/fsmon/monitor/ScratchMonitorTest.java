package io.fsmon.monitor;

import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A monitor test on its own scratch filesystem: mounted before each test (root only), and after
 * it the monitor a test started is stopped and the filesystem unmounted, even when stopping failed.
 */
@KernelTest
abstract class ScratchMonitorTest {
    protected ScratchFs fs;
    protected Path root;
    protected Monitor monitor;
    protected final Recorder rec = new Recorder();

    @BeforeEach
    void mount() throws Exception {
        Privileged.assumeRoot();
        fs = ScratchFs.mount();
        root = fs.root();
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (monitor != null) {
                monitor.stop();
            }
        } finally {
            if (fs != null) {
                fs.close(); // never leave a scratch filesystem mounted
            }
        }
    }

    /** The absolute path of {@code rel} on the scratch filesystem, as a string. */
    protected String p(String rel) {
        return root.resolve(rel).toString();
    }
}
