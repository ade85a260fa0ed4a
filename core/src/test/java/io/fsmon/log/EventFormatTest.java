package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventFormatTest {

    @Test
    void byName() {
        assertThat(EventFormat.of("human")).isInstanceOf(HumanFormat.class);
        assertThat(EventFormat.of("JSON")).isInstanceOf(JsonLines.class);
        assertThat(EventFormat.of("Csv")).isInstanceOf(CsvFormat.class);
        assertThat(EventFormat.of("json").header()).isNull();
        assertThat(EventFormat.of("csv").header()).startsWith("time,event_type,");
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> EventFormat.of("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown format 'xml' (valid: human, json, csv)");
        assertThatThrownBy(() -> EventFormat.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
