package io.fsmon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.daemon.ShipSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

/** The producer's properties: the shipper's defaults, and the operator's word over them. */
class ShipperPropertiesTest {
    @Test
    void clientMetricsAreNotPushedUnlessTheOperatorSaysSo() {
        Properties byDefault = KafkaTransport.properties(new ShipSettings("127.0.0.1:9092", "t", "web-01", Map.of()));
        assertThat(byDefault).containsEntry("enable.metrics.push", "false")
                .containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("client.id", "fsmon-web-01");

        Properties set = KafkaTransport.properties(new ShipSettings("127.0.0.1:9092", "t", "web-01",
                Map.of("enable.metrics.push", "true", "linger.ms", "50")));
        assertThat(set).containsEntry("enable.metrics.push", "true").containsEntry("linger.ms", "50");
    }
}
