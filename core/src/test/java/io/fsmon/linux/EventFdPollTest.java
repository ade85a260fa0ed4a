package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventFdPollTest {

    private int a;
    private int b;

    @BeforeEach
    void create() throws NativeException {
        a = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
        b = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
    }

    @AfterEach
    void close() {
        Unistd.close(a);
        Unistd.close(b);
    }

    @Test
    void nothingReadyTimesOut() throws NativeException {
        assertThat(Poll.poll(new int[] {a, b}, Poll.POLLIN, 10)).isZero();
    }

    @Test
    void signalWakesTheRightBitAndDrainResets() throws NativeException {
        EventFd.signal(b);
        assertThat(Poll.poll(new int[] {a, b}, Poll.POLLIN, 1000)).isEqualTo(0b10);
        EventFd.signal(b); // counts up; one drain still resets it
        EventFd.drain(b);
        assertThat(Poll.poll(new int[] {a, b}, Poll.POLLIN, 0)).isZero();
        EventFd.drain(b); // already 0: EAGAIN is quiet
    }

    @Test
    void signalFromAnotherThreadWakesABlockedPoll() throws Exception {
        CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return Poll.poll(new int[] {a}, Poll.POLLIN, 10_000);
            } catch (NativeException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        EventFd.signal(a);
        assertThat(polled.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void closedFdIsReportedAsReady() throws NativeException {
        int c = EventFd.create(0, EventFd.EFD_CLOEXEC);
        Unistd.close(c);
        // POLLNVAL is reported in revents whatever events were asked for.
        assertThat(Poll.poll(new int[] {a, c}, Poll.POLLIN, 0)).isEqualTo(0b10);
    }
}
