package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.linux.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Kafka client loads only when shipping is configured: a daemon without [ship] costs nothing more. */
@KernelTest
class ShipClassLoadingTest {
    @TempDir
    Path base;

    private List<String> kafkaClassesLoaded(String config) throws Exception {
        Path log = base.resolve("classes-" + config.length() + ".log");
        try (DaemonHarness h = new DaemonHarness(Files.createDirectories(base.resolve("d" + config.length())), config)) {
            h.jvm = List.of("-Xlog:class+load=info:file=" + log);
            h.start();
            h.run("status").ok();
            h.stopGracefully();
        }
        return Files.readAllLines(log).stream().filter(l -> l.contains("org.apache.kafka.")).toList();
    }

    @Test
    void aDaemonWithoutShipNeverLoadsTheKafkaClient() throws Exception {
        assertThat(kafkaClassesLoaded("keep_days = 1\n")).isEmpty();
        // and the same check sees them when shipping is on (to a port where nothing listens)
        assertThat(kafkaClassesLoaded("[ship]\nkafka = \"127.0.0.1:1\"\ntopic = \"t\"\nhost = \"h\"\n"))
                .anyMatch(l -> l.contains(" org.apache.kafka.common.KafkaException "));
    }
}
