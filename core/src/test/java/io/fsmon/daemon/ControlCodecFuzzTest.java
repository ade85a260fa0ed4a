package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what {@link ControlCodec} decodes from outside bytes: a client's request line (what the
 * server reads from any local user it admits) and a daemon's answer line, read as the answer to
 * each kind of request. Either decodes to a record, which encodes to a line that decodes to the
 * same record, or is refused with a {@link MalformedMessageException} (answered as a bad request
 * by the server); any other exception is a finding.
 */
class ControlCodecFuzzTest {
    private static final List<Request> KINDS = List.of(new Request.Status(), new Request.ListWatches(),
            new Request.Add(WatchSpec.of("/", false)), new Request.Remove("/"), new Request.Tail(TailFilter.ANY),
            new Request.Stop());

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void request(byte[] input) throws MalformedMessageException {
        String line = new String(input, StandardCharsets.UTF_8);
        Request req;
        try {
            req = ControlCodec.decodeRequest(line);
        } catch (MalformedMessageException e) {
            assertThat(e.getMessage()).as("a refusal says why").isNotBlank();
            return; // answered {"ok":false,"code":"usage",...}
        }
        assertThat(ControlCodec.decodeRequest(ControlCodec.encode(req))).as("encoded and decoded again").isEqualTo(req);
    }

    @FuzzTest
    @Timeout(10)
    void reply(byte[] input) throws MalformedMessageException {
        String line = new String(input, StandardCharsets.UTF_8);
        for (Request kind : KINDS) {
            Reply reply;
            try {
                reply = ControlCodec.decodeReply(kind, line);
            } catch (MalformedMessageException e) {
                continue; // the client says it cannot read the daemon's answer
            }
            assertThat(ControlCodec.decodeReply(kind, ControlCodec.encode(reply))).as("encoded and decoded again")
                    .isEqualTo(reply);
        }
        try {
            ControlCodec.decodeEvent(line);
        } catch (MalformedMessageException e) {
            // the tail skips the line and says so
        }
    }
}
