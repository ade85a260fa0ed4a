package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.cli.DaemonHarness.Result;
import io.fsmon.api.DaemonClient;
import io.fsmon.api.DaemonStatus;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The fleet end to end: the real daemon on the real kernel ships to a real Kafka broker (a child
 * JVM, one for the class), {@code fsmon collect} (a child JVM, killable) writes the central history,
 * and every line of the daemon's history is in it exactly once, through outages and kill -9s.
 */
@KernelTest
class FleetEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path base;

    @BeforeAll
    static void startBroker() throws Exception {
        Privileged.assumeRoot();
        brokerDir = Files.createTempDirectory("fsmon-kafka");
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (brokerDir != null) {
            try (var s = Files.walk(brokerDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String newTopic() throws Exception {
        String t = "fsmon.test." + TOPICS.incrementAndGet();
        try (Admin a = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrap()))) {
            a.createTopics(List.of(new NewTopic(t, 3, (short) 1))).all().get();
        }
        return t;
    }

    private static String config(Path watched, String kafka, String topic) {
        return "[[watches]]\npath = \"" + watched + "\"\nrecursive = true\n\n[ship]\nkafka = \"" + kafka
                + "\"\ntopic = \"" + topic + "\"\nhost = \"web-01\"\n";
    }

    private FsmonProcess collector(Path central, String topic, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("collect", "--kafka", broker.bootstrap(), "--topic", topic,
                "--history", central.toString(), "--group", "g-" + topic,
                "--property", "session.timeout.ms=6000", "--property", "heartbeat.interval.ms=1000"));
        args.addAll(List.of(more));
        FsmonProcess c = FsmonProcess.start(args.toArray(String[]::new));
        c.awaitErr("fsmon: collecting", Duration.ofSeconds(30));
        return c;
    }

    /** The whole lines of a host's central history, oldest first. */
    static List<String> central(Path dir, String host) throws Exception {
        List<String> out = new ArrayList<>();
        for (HistoryLayout.HistoryFile f : new HistoryLayout(dir.resolve(host)).files()) {
            for (String l : Files.readAllLines(f.path())) {
                if (l.endsWith("}")) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** The lines of the daemon's own history that are events (a torn line after kill -9 is not). */
    static List<String> local(DaemonHarness h) throws Exception {
        JsonLines json = new JsonLines();
        List<String> out = new ArrayList<>();
        for (HistoryLayout.HistoryFile f : new HistoryLayout(h.history).files()) {
            for (String l : Files.readAllLines(f.path())) {
                try {
                    json.parse(l);
                    out.add(l);
                } catch (MalformedLineException torn) {
                    // not an event
                }
            }
        }
        return out;
    }

    static String withoutShipFields(String centralLine) {
        return centralLine.replaceFirst(",\"host\":\"[^\"]+\",\"id\":\"[^\"]+\"}$", "}");
    }

    /**
     * Polls (no signal says a line reached the central disk) until the central history holds the
     * daemon's history line for line, then checks that no id is there twice.
     */
    static List<String> awaitShipped(DaemonHarness h, Path central, String lastPath) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<String> local = local(h);
            List<String> c = central(central, "web-01");
            boolean complete = local.stream().anyMatch(l -> l.contains("\"path\":\"" + lastPath + "\""));
            if (complete && c.stream().map(FleetEndToEndTest::withoutShipFields).toList().equals(local)) {
                Set<String> ids = new HashSet<>();
                for (String l : c) {
                    assertThat(l).contains("\"host\":\"web-01\"");
                    assertThat(ids.add(l.replaceFirst(".*\"id\":\"([^\"]+)\"}$", "$1"))).as("id once: %s", l).isTrue();
                }
                return c;
            }
            if (System.nanoTime() > deadline) {
                List<String> got = c.stream().map(FleetEndToEndTest::withoutShipFields).toList();
                List<String> missing = local.stream().filter(l -> !got.contains(l)).toList();
                List<String> extra = new ArrayList<>(got);
                local.forEach(extra::remove);
                throw new AssertionError("central history (" + c.size() + " lines) against the daemon's ("
                        + local.size() + " lines, complete: " + complete + "): missing " + missing + ", extra " + extra);
            }
            Thread.sleep(100);
        }
    }

    static DaemonStatus.Shipping ship(DaemonHarness h) throws Exception {
        try (DaemonClient c = DaemonClient.connect(h.runtime)) {
            return c.status().shipping().orElseThrow();
        }
    }

    static DaemonStatus.Shipping awaitShip(DaemonHarness h, java.util.function.Predicate<DaemonStatus.Shipping> ok,
                                           Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DaemonStatus.Shipping s = ship(h);
            if (ok.test(s)) {
                return s;
            }
            assertThat(System.nanoTime()).as("status ship: %s", s).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void files(Path dir, String prefix, int n) throws Exception {
        Shell.sh(dir, "for i in $(seq 1 " + n + "); do echo x > " + prefix + "$i; done");
    }

    @Test
    void aBurstReachesTheCentralHistoryOnceWithHostAndProcess() throws Exception {
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount();
             DaemonHarness h = new DaemonHarness(base, config(fs.root(), broker.bootstrap(), topic));
             FsmonProcess c = collector(central, topic)) {
            h.start();
            files(fs.root(), "f", 500);
            List<String> lines = awaitShipped(h, central, fs.root() + "/f500");
            JsonLines json = new JsonLines();
            long written = 0;
            for (String l : lines) {
                FileEvent e = json.parse(l);
                if (e.type() == EventType.CLOSE_WRITE) {
                    written++;
                    assertThat(e.actor()).as(l).isNotNull();
                    assertThat(e.actor().pid()).isPositive();
                }
            }
            assertThat(written).isEqualTo(500);
            Result q = Result.of("query", "--history", central.toString(), "--host", "web-*", "--path",
                    fs.root() + "/f7", "-t", "close_write", "-f", "json");
            assertThat(q.code()).as(q.err()).isZero();
            assertThat(q.out().lines()).singleElement().asString().contains("\"host\":\"web-01\"")
                    .contains("\"comm\":\"sh\"");
            assertThat(awaitShip(h, s -> "connected".equals(s.state()) && s.lagEvents() == 0, WAIT).host())
                    .isEqualTo("web-01");
            assertThat(h.run("status").out()).contains("ship: kafka " + broker.bootstrap() + " " + topic + ", connected, 0 behind");
            h.stopGracefully();
        }
    }

    @Test
    void withoutAWritableTempFolderTheClientCompressesWithTheNativeLz4TheBuildUnpacked() throws Exception {
        // As under the systemd unit, whose /tmp is read-only: lz4-java could not copy its library
        // out of the jar, and compressed in Java. ./fsmon and the package point java.library.path
        // at the copy the build unpacked.
        Path nativeLz4 = Path.of("target/native/liblz4-java.so").toAbsolutePath();
        assertThat(nativeLz4).isRegularFile();
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount();
             DaemonHarness h = new DaemonHarness(base, config(fs.root(), broker.bootstrap(), topic));
             FsmonProcess c = collector(central, topic)) {
            h.jvm = List.of("-Djava.io.tmpdir=" + base.resolve("no-such-folder"),
                    "-Djava.library.path=" + nativeLz4.getParent());
            FsmonProcess d = h.start();
            files(fs.root(), "f", 50);
            awaitShipped(h, central, fs.root() + "/f50");
            // the kernel's word for what the daemon loaded: lz4's JNI library, from the build's folder
            assertThat(Files.readString(Path.of("/proc/" + d.pid() + "/maps"))).contains(nativeLz4.toString());
            h.stopGracefully();
        }
    }

    @Test
    void aHistoryDeletedAndStartedAgainReachesTheCentralHistory() throws Exception {
        // the same day, the same file names and offsets: only the history's epoch tells them apart
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount();
             DaemonHarness h = new DaemonHarness(base, config(fs.root(), broker.bootstrap(), topic));
             FsmonProcess c = collector(central, topic)) {
            h.start();
            files(fs.root(), "f", 100);
            List<String> before = awaitShipped(h, central, fs.root() + "/f100");
            h.stopGracefully();
            try (var s = Files.walk(h.history)) { // rm -rf of the history; the state folder stays
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            h.start();
            files(fs.root(), "g", 100);
            h.awaitEvents(DaemonHarness.hasPath(fs.root() + "/g100"), WAIT);
            List<String> after = local(h);
            awaitCentral(() -> central(central, "web-01").stream().map(FleetEndToEndTest::withoutShipFields)
                    .toList().containsAll(after));
            List<String> all = central(central, "web-01");
            assertThat(all).hasSize(before.size() + after.size());
            assertThat(all.stream().map(l -> l.replaceFirst(".*\"id\":\"([^\"]+)\"}$", "$1")).distinct())
                    .hasSize(all.size());
            h.stopGracefully();
        }
    }

    @Test
    void aCommandLineOverTheRecordLimitShipsCutAndVisiblyAndWhatFollowsShipsToo() throws Exception {
        // Kafka refuses a record over 1 MiB (max.request.size, message.max.bytes): such a line was
        // retried forever and nothing after it reached the broker
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount();
             DaemonHarness h = new DaemonHarness(base, config(fs.root(), broker.bootstrap(), topic));
             FsmonProcess c = collector(central, topic)) {
            h.start();
            // the writer waits on its stdin until the event is recorded, so its command line is read
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "echo x > " + fs.root() + "/big; cat",
                    "sh"));
            for (int i = 0; i < 12; i++) {
                cmd.add(String.valueOf((char) ('a' + i)).repeat(100_000)); // 1.2 MB of arguments
            }
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                h.awaitEvents(DaemonHarness.hasPath(fs.root() + "/big"), WAIT);
            } finally {
                p.getOutputStream().close();
            }
            assertThat(p.waitFor()).isZero();
            files(fs.root(), "after", 3);
            h.awaitEvents(DaemonHarness.hasPath(fs.root() + "/after3"), WAIT);
            assertThat(local(h)).as("the local history keeps the command line whole")
                    .anyMatch(l -> l.contains("\"path\":\"" + fs.root() + "/big\"") && l.length() > 1_200_000);
            awaitCentral(() -> central(central, "web-01").stream().anyMatch(l -> l.contains(fs.root() + "/after3")));
            List<String> big = central(central, "web-01").stream()
                    .filter(l -> l.contains("\"path\":\"" + fs.root() + "/big\"") && l.contains("\"cmd\":")).toList();
            assertThat(big).isNotEmpty().allSatisfy(l -> assertThat(l).hasSizeLessThan(1 << 20)
                    .containsPattern("\"cmd\":\"/bin/sh -c echo x > [^\"]*/big; cat sh aaaa[a-l ]*…\\[cut by fsmon: 12\\d{5} bytes in all\\]\""));
            assertThat(awaitShip(h, s -> s.lagEvents() == 0, WAIT).cutCommands()).isEqualTo(big.size());
            assertThat(h.run("status").out()).contains(big.size() + " shipped with the command line cut to fit a record");
            h.stopGracefully();
        }
    }

    @Test
    void aBrokerOutageLosesAndDoublesNothingAndStatusShowsTheLag() throws Exception {
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount();
             DaemonHarness h = new DaemonHarness(base, config(fs.root(), broker.bootstrap(), topic));
             FsmonProcess c = collector(central, topic)) {
            h.start();
            files(fs.root(), "a", 100);
            awaitShipped(h, central, fs.root() + "/a100");
            broker.kill();
            try {
                files(fs.root(), "b", 300);
                h.awaitEvents(DaemonHarness.hasPath(fs.root() + "/b300"), WAIT);
                DaemonStatus.Shipping down = awaitShip(h, s -> "unreachable".equals(s.state()) && s.lagEvents() >= 300,
                        WAIT);
                assertThat(down.oldestUnsent()).isPresent();
                assertThat(h.run("status").out()).containsPattern("ship: kafka .*, unreachable since \\d\\d:\\d\\d:\\d\\d.*"
                        + "[0-9,]+ events \\(.*\\) behind");
            } finally {
                broker.startAgain();
            }
            awaitShipped(h, central, fs.root() + "/b300");
            awaitShip(h, s -> "connected".equals(s.state()) && s.lagEvents() == 0, WAIT);
            h.stopGracefully();
        }
    }

    @Test
    void aDaemonKilledWhileShippingResendsWithoutDoubling() throws Exception {
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount();
             DaemonHarness h = new DaemonHarness(base, config(fs.root(), broker.bootstrap(), topic));
             FsmonProcess c = collector(central, topic)) {
            h.start();
            files(fs.root(), "f", 1500);
            awaitCentral(() -> central(central, "web-01").size() > 0);
            h.daemon.close(); // kill -9
            h.daemon.waitFor();
            h.start();
            files(fs.root(), "g", 50);
            awaitShipped(h, central, fs.root() + "/g50");
            h.stopGracefully();
        }
    }

    @Test
    void aCollectorKilledMidStreamIsTakenOverWithoutLossOrDoubling() throws Exception {
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount();
             DaemonHarness h = new DaemonHarness(base, config(fs.root(), broker.bootstrap(), topic))) {
            h.start();
            FsmonProcess first = collector(central, topic);
            files(fs.root(), "f", 1500);
            awaitCentral(() -> central(central, "web-01").size() > 0);
            first.close(); // kill -9
            first.waitFor();
            files(fs.root(), "g", 200);
            try (FsmonProcess survivor = collector(central, topic)) {
                awaitCentral(() -> central(central, "web-01").size() > 200);
                try (FsmonProcess restarted = collector(central, topic)) {
                    files(fs.root(), "h", 200);
                    awaitShipped(h, central, fs.root() + "/h200");
                }
            }
            h.stopGracefully();
        }
    }

    @Test
    void badInputIsOneClearLineAndNothingStops() throws Exception {
        String topic = newTopic();
        Path central = base.resolve("central");
        try (ScratchFs fs = ScratchFs.mount()) {
            // Nothing listens on port 1: the daemon records anyway, status says why nothing ships.
            try (DaemonHarness h = new DaemonHarness(dir(base.resolve("a")), config(fs.root(), "127.0.0.1:1", topic))) {
                h.start();
                files(fs.root(), "u", 20);
                h.awaitEvents(DaemonHarness.hasPath(fs.root() + "/u20"), WAIT);
                DaemonStatus.Shipping s = awaitShip(h, m -> "unreachable".equals(m.state())
                        && m.error().orElse("").startsWith("unreachable:"), WAIT);
                assertThat(s.error().orElseThrow()).startsWith("unreachable: cannot connect to 127.0.0.1:1");
                assertThat(h.run("status").out()).contains("ship: kafka 127.0.0.1:1 " + topic + ", unreachable since");
                h.stopGracefully();
            }
            // A topic the broker does not have (auto-creation is off).
            try (DaemonHarness h = new DaemonHarness(dir(base.resolve("b")), config(fs.root(), broker.bootstrap(), "no.such.topic"))) {
                h.start();
                files(fs.root(), "t", 20);
                h.awaitEvents(DaemonHarness.hasPath(fs.root() + "/t20"), WAIT);
                DaemonStatus.Shipping s = awaitShip(h, m -> "unreachable".equals(m.state())
                        && m.error().orElse("").startsWith("topic"), WAIT);
                assertThat(s.error().orElseThrow()).isEqualTo("topic 'no.such.topic' does not exist on the broker "
                        + "(or this client may not see it)");
                h.stopGracefully();
            }
            // Not fsmon's JSON on the topic: counted, skipped, and the events after it are written.
            try (DaemonHarness h = new DaemonHarness(dir(base.resolve("c")), config(fs.root(), broker.bootstrap(), topic));
                 FsmonProcess c = collector(central, topic)) {
                try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                        broker.bootstrap()), new StringSerializer(), new StringSerializer())) {
                    p.send(new ProducerRecord<>(topic, "web-01", "hello, not json")).get();
                }
                String line = c.awaitErr("fsmon: collect: skipped a malformed record", WAIT);
                assertThat(line).contains(topic).contains("(1 so far)");
                h.start();
                files(fs.root(), "m", 20);
                awaitShipped(h, central, fs.root() + "/m20");
                h.stopGracefully();
                assertThat(c.terminate()).isZero();
                assertThat(c.stderr()).anyMatch(l -> l.contains("1 malformed records skipped"));
            }
        }
    }

    private static Path dir(Path p) throws java.io.IOException {
        return Files.createDirectories(p);
    }

    private static void awaitCentral(java.util.concurrent.Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.call()) {
            assertThat(System.nanoTime()).as("central history").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
