package io.fsmon.cli;

import io.fsmon.daemon.Daemon;
import io.fsmon.metrics.MetricsAddress;
import io.fsmon.metrics.MetricsEndpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * {@code fsmon daemon}'s metrics endpoint. Its own class, reached only when metrics are asked
 * for, so that a daemon without them never loads {@code io.fsmon.metrics} nor the Prometheus
 * client (DaemonCommand's own signatures name neither; the JVM verifies a class's methods with
 * the classes they name).
 */
final class DaemonMetrics {
    private DaemonMetrics() {
    }

    /**
     * Checks the address text.
     *
     * @throws IllegalArgumentException with a sentence naming the expected form
     */
    static void check(String address) {
        MetricsAddress.parse(address);
    }

    /**
     * Starts the endpoint beside the running daemon, on a thread of its own: the watches and
     * systemd's READY never wait for it. A port that cannot be bound costs the metrics, not the
     * watching: one line says so and the daemon goes on (a scrape target that stays down is what
     * Prometheus alerts on).
     *
     * @return the endpoint once started (null if it could not be), to close at stop
     */
    static CompletableFuture<AutoCloseable> serve(String address, Daemon d, PrintStream err) {
        MetricsAddress a = MetricsAddress.parse(address);
        CompletableFuture<AutoCloseable> started = new CompletableFuture<>();
        Thread.ofPlatform().name("fsmon-metrics-start").daemon(true).start(() -> {
            try {
                started.complete(MetricsEndpoint.start(a, d::readings));
                err.println("fsmon: metrics on http://" + a + "/metrics");
            } catch (IOException e) {
                err.println("fsmon: " + e.getMessage() + "; running without metrics");
                started.complete(null);
            }
        });
        return started;
    }

    /** Closes the endpoint once it has started (at once if it has). */
    static void stop(CompletableFuture<AutoCloseable> endpoint) {
        endpoint.thenAccept(c -> {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the process is ending
            }
        });
    }
}
