package io.fsmon.metrics;

import io.fsmon.daemon.Readings;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.function.Supplier;

/**
 * The Prometheus endpoint of the daemon: {@code http://ADDRESS/metrics} serves fsmon's counters
 * ({@link DaemonCollector}, read from the daemon at each scrape), the JVM's memory and GC, and the
 * process's CPU, RSS and file descriptors. Its own registry and daemon threads; nothing here runs
 * unless metrics were asked for.
 *
 * <p>Of the client's JVM collectors only memory, GC and process are registered: all of them
 * ({@code JvmMetrics}) cost 5 MiB more RSS (JMX notification listeners, the platform MBean server
 * for native memory), measured with the launcher's heap flags.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /**
     * Binds the address and starts serving {@code readings}.
     *
     * @throws IOException when the address cannot be resolved or bound, with a sentence saying which
     */
    public static MetricsEndpoint start(MetricsAddress address, Supplier<Readings> readings) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DaemonCollector(readings));
        JvmMemoryMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        ProcessMetrics.builder().register(registry);
        InetAddress host;
        try {
            host = InetAddress.getByName(address.host());
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address + ": unknown host " + address.host(), e);
        }
        try {
            return new MetricsEndpoint(HTTPServer.builder().inetAddress(host).port(address.port()).registry(registry)
                    .buildAndStart());
        } catch (IOException | UncheckedIOException e) {
            throw new IOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
