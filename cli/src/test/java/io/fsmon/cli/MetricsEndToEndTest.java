package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fsmon.cli.DaemonHarness.Result;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's Prometheus endpoint for real: a child daemon, real fanotify, a real scrape, promtool. */
@KernelTest
class MetricsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FILES = 100;

    @TempDir
    Path base;

    @BeforeEach
    void root() {
        Privileged.assumeRoot();
    }

    @Test
    void aScrapePassesPromtoolAndItsCountersFollowAKnownWorkload() throws Exception {
        int port = freePort();
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base,
                "metrics = \"127.0.0.1:" + port + "\"\n[[watches]]\npath = \"" + fs.root() + "\"\nrecursive = true\n")) {
            h.start();
            assertThat(h.daemon.awaitErr("fsmon: metrics on", WAIT))
                    .isEqualTo("fsmon: metrics on http://127.0.0.1:" + port + "/metrics");
            String created = "fsmon_events_total{type=\"CREATE\",watch=\"" + fs.root() + "\"}";
            double before = value(scrape(port), created).orElseThrow(() -> new AssertionError("no " + created));

            Shell.sh(fs.root(), "for i in $(seq " + FILES + "); do : > f$i; done");

            String text = awaitScrape(port, s -> value(s, created).orElse(0) >= before + FILES);
            assertThat(value(text, "fsmon_history_written_bytes_total").orElse(0)).isPositive();
            assertThat(value(text, "fsmon_process_table_entries{watch=\"" + fs.root() + "\"}").orElse(0))
                    .as("processes known to attribution").isPositive();
            assertThat(value(text, "fsmon_watch_running{watch=\"" + fs.root() + "\"}")).hasValue(1);
            assertThat(text).contains("fsmon_attribution_hold_seconds_bucket{watch=\"" + fs.root() + "\",le=\"0.01\"}")
                    .contains("fsmon_history_fsync_duration_seconds_bucket{le=\"+Inf\"}")
                    .contains("fsmon_tail_dropped_events_total 0")
                    .contains("jvm_memory_used_bytes{area=\"heap\"}").contains("jvm_gc_collection_seconds_count{");
            promtoolAccepts(text);
            h.stopGracefully();
        }
    }

    @Test
    void withoutMetricsTheClientIsNeverLoaded() throws Exception {
        Path classes = base.resolve("classes.log");
        try (DaemonHarness h = new DaemonHarness(base, "keep_days = 1\n")) {
            h.start(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes));
            h.run("status").ok();
            h.stopGracefully();
        }
        String loaded = Files.readString(classes);
        assertThat(loaded).as("the log is the daemon's").contains("io.fsmon.daemon.Daemon ");
        assertThat(loaded).doesNotContain("io.prometheus.").doesNotContain("io.fsmon.metrics.");
    }

    @Test
    void aBadAddressIsAUsageError() throws Exception {
        try (DaemonHarness h = new DaemonHarness(base, "")) {
            Result bad = Result.of(DaemonEndToEndTest.concat(new String[]{"daemon"}, DaemonEndToEndTest.concat(
                    h.locations(), "--metrics", "localhost:http")));
            assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
            assertThat(bad.err()).isEqualTo("fsmon: metrics: expected [HOST:]PORT such as 127.0.0.1:9464 or [::1]:9464, "
                    + "not 'localhost:http'\n");
            assertThat(h.runtime.resolve("fsmon.sock")).as("no daemon started").doesNotExist();

            Files.writeString(h.config, "metrics = \"[::1]\"\n");
            Result fromConfig = Result.of(DaemonEndToEndTest.concat(new String[]{"daemon"}, h.locations()));
            assertThat(fromConfig.code()).isEqualTo(ExitCode.USAGE);
            assertThat(fromConfig.err()).as("names the config file").isEqualTo("fsmon: " + h.config
                    + ": metrics: expected [HOST:]PORT such as 127.0.0.1:9464 or [::1]:9464, not '[::1]'\n");
        }
    }

    @Test
    void aTakenPortCostsTheMetricsNotTheWatching() throws Exception {
        try (DaemonHarness h = new DaemonHarness(base, "metrics = \"127.0.0.1:1\"\n");
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            h.start(Map.of(), "--metrics", String.valueOf(taken.getLocalPort())); // the option wins over the config
            assertThat(h.daemon.awaitErr("fsmon: cannot serve metrics", WAIT))
                    .startsWith("fsmon: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .endsWith("; running without metrics");
            h.run("status").ok();
            h.stopGracefully();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            return r.body();
        }
    }

    /** Scrapes until {@code done} holds (no event says a counter moved: poll, with a deadline). */
    private static String awaitScrape(int port, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String s = scrape(port);
            if (done.test(s)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the scrape did not reach the expected state within " + WAIT + ":\n" + s);
            }
            Thread.sleep(50);
        }
    }

    /** The value of the sample written exactly {@code series} (name and labels as exposed). */
    static OptionalDouble value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).strip()));
            }
        }
        return OptionalDouble.empty();
    }

    private static void promtoolAccepts(String text) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool is missing (Debian's prometheus package; .ci/run installs it), and CI=true forbids skipping");
            }
            org.junit.jupiter.api.Assumptions.abort("promtool is not installed (apt-get install prometheus)");
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics said:\n%s", out).isZero();
        assertThat(out).as("promtool's lint findings").isBlank();
    }

}
