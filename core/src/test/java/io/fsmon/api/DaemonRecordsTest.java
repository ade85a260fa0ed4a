package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.daemon.ControlCodec;
import io.fsmon.daemon.Reply;
import io.fsmon.daemon.Request;
import io.fsmon.daemon.StatusReport;
import io.fsmon.event.EventType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The API's daemon records hold every fact of the protocol's: a real daemon's status, through
 * them, prints exactly what the codec writes (so {@code fsmon status -f json} and
 * {@code fsmon list -f json}, built on the API, did not change).
 */
class DaemonRecordsTest {

    @Test
    void aRealStatusThroughTheApiRecordsPrintsTheSameJson() throws Exception {
        String line;
        try (InputStream in = getClass().getResourceAsStream("/io/fsmon/daemon/ControlCodecFuzzTestInputs/reply/status")) {
            line = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StatusReport report = (StatusReport) ControlCodec.decodeReply(new Request.Status(), line);
        DaemonStatus status = DaemonRecords.status(report, Path.of("/elsewhere"));

        assertThat(status.toJson()).isEqualTo(ControlCodec.statusDocument(report));
        assertThat(DaemonWatch.toJson(status.watches())).isEqualTo(ControlCodec.encode(new Reply.Watches(report.watches())));
        assertThat(status.uptime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(status.commit()).isEqualTo(Optional.of("64a1e7d463cd"));
        assertThat(status.socket()).isEqualTo(Path.of("/b/run/fsmon.sock"));
        assertThat(status.counters().byType()).containsEntry(EventType.GAP, 2L);
        DaemonWatch notWatched = status.watches().getFirst();
        assertThat(notWatched.running()).isFalse();
        assertThat(notWatched.marked()).isEmpty();
        assertThat(notWatched.error()).hasValue("no such file or directory: /b/missing");
        assertThat(notWatched.spec()).isEqualTo(WatchSpec.builder(Path.of("/b/missing")).build());
        DaemonWatch added = status.watches().get(1);
        assertThat(added.spec().command()).hasValue("to*");
        assertThat(added.spec().minSize()).isEqualTo(OptionalLong.empty());
        assertThat(added.restarts()).isEqualTo(2);
    }
}
