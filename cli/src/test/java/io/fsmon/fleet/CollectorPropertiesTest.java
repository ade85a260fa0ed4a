package io.fsmon.fleet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** {@code collect --property} passes client properties through, but not those exactly-once rests on. */
class CollectorPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void propertiesThatBreakExactlyOnceAreRefusedInOneLine() {
        assertThatThrownBy(() -> new Collector("127.0.0.1:1", "t", "g", dir, Map.of("enable.auto.commit", "true"),
                1 << 20, s -> { }).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot set the client property 'enable.auto.commit': offsets are committed only after "
                        + "the lines are written and synced");
        for (String key : new String[]{"group.id", "key.deserializer", "value.deserializer", "auto.offset.reset",
                "bootstrap.servers"}) {
            assertThatThrownBy(() -> new Collector("127.0.0.1:1", "t", "g", dir, Map.of(key, "x"), 1 << 20, s -> { })
                    .close()).as(key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot set the client property '" + key + "': ");
        }
    }
}
