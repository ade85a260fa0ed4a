package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/** The pause after a failed send ends soon after a broker that was down listens again. */
class ShipBackoffTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aLongPauseEndsWhenTheBrokerListensAgainAndTheNextOneIsShort() throws Exception {
        int port = closedPort();
        ShipBackoff b = new ShipBackoff("127.0.0.9:1, 127.0.0.1:" + port, ShipBackoff.MAX);
        assertThat(b.reachable()).isFalse();
        long[] took = new long[1];
        Thread t = Thread.ofPlatform().start(() -> {
            long t0 = System.nanoTime();
            try {
                b.pause();
            } catch (InterruptedException e) {
                return;
            }
            took[0] = System.nanoTime() - t0;
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (t.getState() != Thread.State.TIMED_WAITING) { // past its first probe: asleep
            assertThat(System.nanoTime()).as("the pause sleeps within 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        try (ServerSocket broker = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(t.join(Duration.ofSeconds(5))).as("the pause ended within 5 s of 10").isTrue();
            assertThat(Duration.ofNanos(took[0])).isLessThan(ShipBackoff.MAX.minusSeconds(4));
            assertThat(b.reachable()).isTrue();
        }
        long t0 = System.nanoTime();
        b.pause(); // the doubling starts afresh: a quarter second
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }
}
