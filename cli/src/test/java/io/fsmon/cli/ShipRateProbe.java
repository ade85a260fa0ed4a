package io.fsmon.cli;

import io.fsmon.api.DaemonClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test (its name keeps it out of the suite): how fast a daemon ships a
 * 200,000-line history to a real broker, and how fast fsmon collect writes it. Run it alone:
 * {@code ./mvnw -o test -pl core,cli -Dtest=ShipRateProbe -Dsurefire.failIfNoSpecifiedTests=false},
 * figures on stdout (PROBE lines).
 */
class ShipRateProbe {
    static long centralLines(Path central) throws Exception {
        Path d = central.resolve("web-01");
        if (!Files.isDirectory(d)) {
            return 0;
        }
        long n = 0;
        try (var st = Files.list(d)) {
            for (Path p : st.toList()) {
                for (byte b : Files.readAllBytes(p)) {
                    n += b == '\n' ? 1 : 0;
                }
            }
        }
        return n;
    }

    @TempDir
    Path base;

    @Test
    void rates() throws Exception {
        int n = 200_000;
        Path brokerDir = Files.createDirectories(base.resolve("kafka"));
        try (KafkaBroker broker = KafkaBroker.start(brokerDir)) {
            try (Admin a = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrap()))) {
                a.createTopics(List.of(new NewTopic("rate", 3, (short) 1))).all().get();
            }
            DaemonHarness h = new DaemonHarness(Files.createDirectories(base.resolve("d")),
                    "[ship]\nkafka = \"" + broker.bootstrap() + "\"\ntopic = \"rate\"\nhost = \"web-01\"\n");
            Files.createDirectories(h.history);
            StringBuilder sb = new StringBuilder();
            String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            for (int i = 0; i < n; i++) {
                sb.append("{\"time\":\"").append(day).append("T00:00:00.").append(String.format("%09d", i))
                        .append("Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/srv/www/site/file").append(i)
                        .append(".html\",\"pid\":4242,\"ppid\":1,\"comm\":\"rsync\",\"cmd\":\"rsync -a /src/ /srv/www/site/\","
                                + "\"exe\":\"/usr/bin/rsync\",\"uid\":33,\"user\":\"www-data\",\"file_size\":5120,\"size_change\":5120}\n");
            }
            Files.writeString(h.history.resolve("events-" + day + "-000.jsonl"), sb);
            h.start();
            long t0 = System.nanoTime();
            while (true) {
                try (DaemonClient c = DaemonClient.connect(h.runtime)) {
                    var s = c.status().shipping().orElseThrow();
                    if (s.lagEvents() == 0 && s.shipped() >= n) {
                        break;
                    }
                }
                Thread.sleep(1000);
            }
            double ship = (System.nanoTime() - t0) / 1e9;
            System.out.printf("PROBE ship: %d lines (%d bytes) in %.2f s after the daemon's ready line (status polled each second) = %.0f lines/s%n", n,
                    sb.length(), ship, n / ship);
            h.stopGracefully();
            Path central = base.resolve("central");
            long t1 = System.nanoTime();
            try (FsmonProcess c = FsmonProcess.start("collect", "--kafka", broker.bootstrap(), "--topic", "rate",
                    "--history", central.toString())) {
                while (centralLines(central) < n) {
                    Thread.sleep(500);
                }
                double col = (System.nanoTime() - t1) / 1e9;
                System.out.printf("PROBE collect: %d lines in %.2f s incl. JVM start and group join = %.0f lines/s%n",
                        n, col, n / col);
            }
            h.close();
        }
    }
}
