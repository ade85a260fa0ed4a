package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A writer's line and a central history's (the same with host and id) are read in place alike. */
class CanonicalFieldsTest {
    private static final String LINE = "{\"time\":\"2026-11-25T10:20:14.123456789Z\",\"event_type\":\"CREATE\","
            + "\"path\":\"/a\\\"b\",\"pid\":7,\"comm\":\"sh\",\"uid\":0,\"user\":\"root\",\"chain\":[{\"pid\":1,\"comm\":\"init\"}]}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aShippedLineReadsAsItsWritersLine() {
        String shipped = LINE.substring(0, LINE.length() - 1) + ",\"host\":\"web-1\",\"id\":\"web-1:events-2026-11-25-000:0\"}";
        CanonicalFields f = new CanonicalFields();
        byte[] b = utf8(" " + shipped);
        assertThat(f.read(b, 1, b.length - 1)).isTrue();
        assertThat(new String(f.copy(), StandardCharsets.UTF_8)).isEqualTo(LINE);
        assertThat(f.string(Field.PATH)).isEqualTo("/a\"b");
        assertThat(f.stringIs(Field.PATH, utf8("/a\"b"))).isTrue();
        assertThat(f.stringIs(Field.USER, utf8("root"))).isTrue();
        assertThat(f.numberIs(Field.UID, utf8("0"))).isTrue();
        assertThat(f.numberIs(Field.PID, utf8("70"))).isFalse();
        assertThat(f.anyLink("init"::equals, utf8("x"))).isTrue();
        assertThat(new JsonLines().format(f.event())).isEqualTo(LINE);
        assertThat(JsonLines.isCanonical(b, 1, b.length - 1)).as("not to be copied as it is").isFalse();
    }

    @Test
    void otherTailsAreNot() {
        String head = LINE.substring(0, LINE.length() - 1);
        for (String tail : List.of(",\"host\":\"web-1\"}", ",\"host\":\"web-1\",\"id\":7}", ",\"id\":\"x\",\"host\":\"web-1\"}",
                ",\"host\":\"web-1\",\"id\":\"x\",\"z\":1}", ",\"host\":\"web-1\",\"id\":\"x\"} ")) {
            byte[] b = utf8(head + tail);
            assertThat(new CanonicalFields().read(b, 0, b.length)).as(tail).isFalse();
        }
    }
}
