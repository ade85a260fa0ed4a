package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the config file through its one entry point, {@link DaemonSettings#load}: settings, or
 * IllegalArgumentException naming the file. A thin call, so that it follows the parser behind it.
 */
class ConfigFuzzTest {
    private static final Path DIR;
    private static final Path FILE;

    static {
        try {
            DIR = Files.createTempDirectory("fsmon-config-fuzz");
            FILE = DIR.resolve("fsmon.toml");
            DIR.toFile().deleteOnExit();
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void load(byte[] config) throws IOException {
        // As UTF-8 (invalid bytes replaced): a non-UTF-8 file still escapes as MalformedInputException
        // ("fsmon: Input length = 1", issue #16 case 8, being fixed with the config parser). Write the
        // raw bytes once that has landed.
        Files.writeString(FILE, new String(config, StandardCharsets.UTF_8));
        try {
            DaemonSettings.load(new DaemonSettings.Overrides(FILE, DIR.resolve("history"), DIR.resolve("run"),
                    DIR.resolve("state")), Map.of(), true);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith(FILE.toString());
        }
    }
}
