package io.fsmon.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * The {@link Shipper}'s pause after a failed send: doubling from a quarter second up to ten. While
 * no bootstrap server accepts a TCP connection (a broker down or unreachable), it asks every half
 * second and ends as soon as one does, starting the doubling afresh: a broker back after an outage
 * used to wait up to the whole ten seconds before the shipper tried again. A broker that accepts
 * connections but refuses (unknown topic, no rights) gets the full pause.
 */
final class ShipBackoff {
    static final Duration FIRST = Duration.ofMillis(250);
    static final Duration MAX = Duration.ofSeconds(10);
    private static final Duration PROBE = Duration.ofMillis(500);
    private static final int CONNECT_MS = 200;

    private final String bootstrap;
    private Duration next = FIRST;

    ShipBackoff(String bootstrap) {
        this(bootstrap, FIRST);
    }

    /** A backoff whose next pause is {@code first} (a test starts at the longest). */
    ShipBackoff(String bootstrap, Duration first) {
        this.bootstrap = bootstrap;
        this.next = first;
    }

    /** After a successful send: the next failure pauses briefly again. */
    void reset() {
        next = FIRST;
    }

    /** Pauses after a failure; throws when interrupted (stopping). */
    void pause() throws InterruptedException {
        Duration d = next;
        next = d.multipliedBy(2).compareTo(MAX) > 0 ? MAX : d.multipliedBy(2);
        long end = System.nanoTime() + d.toNanos();
        if (d.compareTo(PROBE) <= 0 || reachable()) {
            Thread.sleep(d);
            return;
        }
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            Thread.sleep(Duration.ofNanos(Math.min(left, PROBE.toNanos())));
            if (reachable()) {
                next = FIRST; // back: try now, and soon again if it is still starting
                return;
            }
        }
    }

    /** Whether one of the bootstrap servers accepts a TCP connection. */
    boolean reachable() {
        for (String hp : bootstrap.split(",")) {
            String s = hp.strip();
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, Integer.parseInt(s.substring(colon + 1))), CONNECT_MS);
                return true;
            } catch (IOException | RuntimeException e) {
                // down, unreachable or not a number: the next one
            }
        }
        return false;
    }
}
