package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the config file through its one entry point from bytes to settings,
 * {@link DaemonSettings#parse}: settings, or IllegalArgumentException naming the file, and
 * nothing else. A thin call, so that it follows the parser behind it.
 */
class ConfigFuzzTest {
    private static final Path FILE = Path.of("/etc/fsmon/fsmon.toml");
    private static final DaemonSettings.Overrides OVERRIDES = new DaemonSettings.Overrides(FILE,
            Path.of("/nonexistent/history"), Path.of("/nonexistent/run"), Path.of("/nonexistent/state"));

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void load(byte[] config) {
        try {
            DaemonSettings.parse(config, FILE, OVERRIDES, Map.of(), true);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith(FILE + ": ");
        }
    }
}
