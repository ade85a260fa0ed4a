package io.fsmon.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka broker (Maven Central's kafka_2.13, on the test class path) as a
 * child JVM on loopback: formatted once in a temp folder, started, killed ({@code kill -9}) and
 * started again on the same port with the same data, for outage tests. {@link #close()} leaves
 * nothing running.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
    }

    /** Formats the storage and starts the broker; returns once it accepts connections. */
    static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        KafkaBroker b = new KafkaBroker(dir);
        b.configure();
        Process format = b.run("kafka.tools.StorageTool", "format", "-t", "ZnNtb24tdGVzdC1jbHVzdA", "-c",
                b.dir.resolve("server.properties").toString(), "--standalone");
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("formatting the broker's storage failed:\n" + b.tail());
        }
        b.startAgain();
        return b;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private void configure() throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        try (var w = Files.newBufferedWriter(dir.resolve("server.properties"))) {
            p.store(w, "fsmon test broker");
        }
    }

    /**
     * The library path of the build's native lz4 (cli/pom.xml), as ./fsmon gives the daemon and the
     * collector, for every JVM the tests start: otherwise lz4-java copies its library into /tmp at
     * each start, and a JVM killed with SIGKILL (as the tests kill daemons, collectors and the
     * broker) leaves the copy behind.
     */
    static final String NATIVE_LZ4 = "-Djava.library.path=" + Path.of("target/native").toAbsolutePath();

    private Process run(String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", NATIVE_LZ4,
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
    }

    /** Starts the broker (again, after {@link #kill()}) and waits until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        process = run("kafka.Kafka", dir.resolve("server.properties").toString());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the broker exited:\n" + tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100); // polling a port: no signal to wait for
            }
        }
        throw new IOException("the broker did not listen within 90 s:\n" + tail());
    }

    private String tail() throws IOException {
        List<String> l = Files.readAllLines(dir.resolve("broker.log"));
        return String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size()));
    }

    /** {@code kill -9}: the broker is gone at once, as in a crash or a network cut. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
