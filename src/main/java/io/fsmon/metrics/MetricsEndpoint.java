package io.fsmon.metrics;

import io.fsmon.daemon.Readings;
import io.fsmon.event.DurationHistogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The Prometheus endpoint of the daemon: {@code http://ADDRESS/metrics} serves fsmon's counters
 * ({@link DaemonCollector}) and the JVM's memory, GC, threads and classes. Bound before the daemon
 * starts, so a taken port is refused up front; it answers with the daemon's figures once
 * {@link #serve} is given them (an empty scrape until then). Its own registry, its own daemon
 * threads; nothing here runs unless metrics were asked for.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;
    private final AtomicReference<Supplier<Readings>> source;

    private MetricsEndpoint(HTTPServer server, AtomicReference<Supplier<Readings>> source) {
        this.server = server;
        this.source = source;
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws IOException when the address cannot be resolved or bound, with a sentence saying which
     */
    public static MetricsEndpoint start(MetricsAddress address) throws IOException {
        AtomicReference<Supplier<Readings>> source = new AtomicReference<>();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DaemonCollector(() -> {
            Supplier<Readings> s = source.get();
            return s == null ? new Readings(List.of(), 0, 0, 0, 0, 0, new DurationHistogram().snapshot()) : s.get();
        }));
        JvmMetrics.builder().register(registry);
        InetAddress host;
        try {
            host = InetAddress.getByName(address.host());
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address + ": unknown host " + address.host(), e);
        }
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(host).port(address.port()).registry(registry)
                    .buildAndStart();
            return new MetricsEndpoint(server, source);
        } catch (IOException | UncheckedIOException e) {
            throw new IOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
    }

    /** From now on, scrapes read {@code readings} (the daemon's {@code readings()}). */
    public void serve(Supplier<Readings> readings) {
        source.set(readings);
    }

    /** The port bound (the one asked for). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
