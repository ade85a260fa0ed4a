package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.cli.DaemonHarness.Result;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, cases 2 and 3, and "status tells the truth": what a hostile client of the control
 * socket can cost the daemon. The daemon runs as a child JVM with the launcher's heap (64 MiB);
 * the hostile peer runs as uid 65534 so the daemon sees a non-root peer through SO_PEERCRED.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a starved daemon may never answer: fail, don't hang
@KernelTest
class ControlLimitsTest {
    /** The launcher's heap and collector for the daemon (see ./fsmon). */
    private static final List<String> LAUNCHER_HEAP = List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xss256k");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path base;

    @BeforeEach
    void root() throws Exception {
        Privileged.assumeRoot();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void anEndlessRequestLineIsRefusedAsTooLargeAStrangerBeforeAnythingIsReadAndStatusSaysDegraded() throws Exception {
        Path missing = base.resolve("not-there");
        try (DaemonHarness h = new DaemonHarness(base, "[[watches]]\npath = \"" + missing + "\"\n")) {
            h.jvm = LAUNCHER_HEAP;
            h.start();
            // 96 MB without a newline: more than the daemon's whole heap.
            String answer = ControlPeer.flood(h.runtime.resolve("fsmon.sock"), 96L << 20);
            assertThat(answer).as("answer to an endless line; daemon stderr: %s", h.daemon.stderr())
                    .startsWith("{").contains("\"ok\":false").contains("\"code\":\"too_large\"");

            // A peer that may not even read is refused from its credentials alone. (The runtime
            // folder is 0700 without a group; widened here as a careless admin might.)
            Files.setPosixFilePermissions(h.runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
            String cp = ControlPeer.jail(base.resolve("jail"));
            String stranger = run(ControlPeer.asNobody(cp, "flood", h.runtime.resolve("fsmon.sock").toString(),
                    String.valueOf(96L << 20)));
            assertThat(stranger).as("answer to a stranger's endless line; daemon stderr: %s", h.daemon.stderr())
                    .contains("\"code\":\"denied\"").contains("you are nobody");

            // Still serving, and truthful: the config's watch of a missing path is not watched.
            Result human = h.run("status");
            assertThat(human.code()).as("status: %s", human.out()).isEqualTo(ExitCode.DEGRADED);
            assertThat(human.out()).contains("NOT WATCHED").contains("DEGRADED: not watched: " + missing);
            Result json = h.run("status", "-f", "json");
            assertThat(json.code()).isEqualTo(ExitCode.DEGRADED);
            Map<String, Object> s = JsonOutput.parse(json.out().strip());
            assertThat(s.get("running")).isEqualTo(true);
            assertThat(s.get("healthy")).isEqualTo(false);
            assertThat((List<?>) s.get("problems")).singleElement().asString().contains(missing.toString());
            assertThat(h.daemon.stderr()).as("no stack trace on the daemon's stderr")
                    .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in"));
            h.stopGracefully();
        }
    }

    @Test
    void twoThousandHeldConnectionsOfAReaderDoNotStopTheMonitor() throws Exception {
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "group = \"nogroup\"\n")) {
            Path dir = Files.createDirectories(fs.root().resolve("w"));
            h.jvm = LAUNCHER_HEAP;
            h.start();
            h.run("add", dir.toString(), "-r", "-t", "create").ok();
            String cp = ControlPeer.jail(base.resolve("jail"));
            Process holder = new ProcessBuilder(ControlPeer.asNobody(cp, "hold", h.runtime.resolve("fsmon.sock").toString(),
                    "2000")).redirectErrorStream(true).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                assertThat(r.readLine()).isEqualTo("held 2000");
                Shell.sh(dir, "i=0; while [ $i -lt 10000 ]; do : > f$i; i=$((i+1)); done");
                List<FileEvent> events = h.awaitEvents(l -> creates(l, dir) >= 10_000
                        || h.daemon.stderr().stream().anyMatch(line -> line.contains(" stopped: ")), WAIT);
                assertThat(creates(events, dir)).as("creates in the history; daemon stderr: %s", h.daemon.stderr())
                        .isEqualTo(10_000);
                Result status = h.run("status", "-f", "json");
                assertThat(status.code()).as("status: %s %s", status.out(), status.err()).isZero();
                Map<String, Object> s = JsonOutput.parse(status.out().strip());
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) s.get("counters");
                assertThat(((Number) c.get("connections")).longValue()).as("connections held by the daemon")
                        .isLessThanOrEqualTo(64);
                assertThat(((Number) c.get("connections_refused")).longValue()).isGreaterThanOrEqualTo(2000 - 64);
            } finally {
                holder.getOutputStream().close();
                holder.waitFor(10, TimeUnit.SECONDS);
                holder.destroyForcibly();
            }
            assertThat(h.run("status").code()).isZero();
            h.stopGracefully();
        }
    }

    private static long creates(List<FileEvent> events, Path dir) {
        return events.stream().filter(e -> e.type() == EventType.CREATE && e.path() != null
                && e.path().startsWith(dir + "/f")).count();
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the peer did not end");
        }
        return out;
    }
}
