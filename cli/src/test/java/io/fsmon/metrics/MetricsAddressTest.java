package io.fsmon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.daemon.DaemonSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsAddressTest {

    @Test
    void aPortAloneMeansLoopback() {
        assertThat(MetricsAddress.parse("9464")).isEqualTo(new MetricsAddress("127.0.0.1", 9464));
        assertThat(MetricsAddress.parse(":9464")).isEqualTo(new MetricsAddress("127.0.0.1", 9464));
    }

    @Test
    void hostsAndBracketedIpv6() {
        assertThat(MetricsAddress.parse("0.0.0.0:9100")).isEqualTo(new MetricsAddress("0.0.0.0", 9100));
        assertThat(MetricsAddress.parse("localhost:9464")).isEqualTo(new MetricsAddress("localhost", 9464));
        MetricsAddress v6 = MetricsAddress.parse("[::1]:9464");
        assertThat(v6).isEqualTo(new MetricsAddress("::1", 9464));
        assertThat(v6).hasToString("[::1]:9464");
    }

    @Test
    void badTextIsOneSentence() {
        for (String bad : new String[]{"", "abc", "127.0.0.1", "127.0.0.1:", "::1:9464", "host:94x4", "1:123456"}) {
            assertThatThrownBy(() -> MetricsAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("metrics: expected [HOST:]PORT");
        }
        assertThatThrownBy(() -> MetricsAddress.parse("0")).hasMessage("metrics: port 0 is not between 1 and 65535");
        assertThatThrownBy(() -> MetricsAddress.parse("70000")).hasMessage("metrics: port 70000 is not between 1 and 65535");
    }

    @Test
    void theConfigKeyTakesAStringOrABarePort(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fsmon.toml");
        Files.writeString(file, "metrics = \"127.0.0.1:9464\"\n");
        assertThat(load(file).metrics()).isEqualTo("127.0.0.1:9464");
        Files.writeString(file, "metrics = 9464\n");
        assertThat(MetricsAddress.parse(load(file).metrics())).isEqualTo(new MetricsAddress("127.0.0.1", 9464));
        Files.writeString(file, "keep_days = 1\n");
        assertThat(load(file).metrics()).as("off unless asked").isNull();
    }

    private static DaemonSettings load(Path file) throws Exception {
        return DaemonSettings.load(new DaemonSettings.Overrides(file, null, file.resolveSibling("run"), null), Map.of(), true);
    }
}
