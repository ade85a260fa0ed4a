package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what the control server decodes from a client's request line: {@link Messages#parse}
 * (IOException for anything but a JSON object), written back and read again the same; and a
 * {@code tail} request's filter through {@link FilterCodec#fromMap}, which the server answers
 * with {@code bad filter} for IllegalArgumentException and ClassCastException only.
 */
class ControlRequestFuzzTest {

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void request(byte[] input) throws IOException {
        String line = new String(input, StandardCharsets.UTF_8);
        Map<String, Object> req;
        try {
            req = Messages.parse(line);
        } catch (IOException e) {
            return; // answered {"ok":false,"code":"usage",...}
        }
        assertThat(Messages.parse(Messages.write(req))).as("written and read back").isEqualTo(withoutNulls(req));
        Messages.number(req, "v", -1);
        String.valueOf(req.get("op"));
        Object filter = req.get("filter");
        if (filter != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) filter;
                FilterCodec.fromMap(f);
            } catch (IllegalArgumentException | ClassCastException e) {
                // answered {"ok":false,"code":"usage","error":"bad filter: ..."}
            }
        }
        Object watch = req.get("watch");
        if (watch != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> w = (Map<String, Object>) watch;
                WatchSpec.fromMap(w);
            } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                // what ControlServer's add answers as {"ok":false,"code":"usage",...}
            }
        }
    }

    /** What {@link Messages#write} keeps: a key whose value is null is left out (absent means null). */
    private static Object withoutNulls(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (x != null) {
                    out.put(k, withoutNulls(x));
                }
            });
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> x == null ? null : withoutNulls(x)).toList();
        }
        return v;
    }
}
