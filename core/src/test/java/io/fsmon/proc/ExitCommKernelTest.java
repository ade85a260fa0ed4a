package io.fsmon.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.Actor;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The real connector and taskstats feeding a real table, with the listener held back until the
 * process is gone, so {@code /proc} cannot name it: only its exit record can.
 */
@KernelTest
class ExitCommKernelTest {

    @Test
    void aProcessGoneBeforeItsExecIsHandledIsNamedByTheCommItExitedWith() throws Exception {
        Privileged.assumeRoot();
        Path bin = Files.createTempDirectory("fsmon-exit-comm");
        // Through a symlink named otherwise than its target: the kernel's comm is the link's name.
        Path link = Files.createSymbolicLink(bin.resolve("exitcomm-sh"), Path.of("/bin/sh").toRealPath());
        ProcessTable table = new ProcessTable();
        CountDownLatch released = new CountDownLatch(1);
        AtomicInteger child = new AtomicInteger();
        AtomicLong lastExec = new AtomicLong();
        try (ProcConnector connector = ProcConnector.open()) {
            assertThat(connector.exitCommsUnavailable()).isNull();
            table.fill();
            connector.start(e -> {
                try {
                    released.await(); // messages wait in the sockets meanwhile
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                if (e instanceof ProcEvent.Exec x && x.tgid() == child.get()) {
                    lastExec.set(x.nanos()); // jspawnhelper's, then the program's
                }
                table.apply(e);
            });
            Process p = new ProcessBuilder(link.toString(), "-c", "exit 0").start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            int pid = (int) p.pid();
            child.set(pid);
            assertThat(Files.exists(Path.of("/proc/" + pid))).isFalse(); // reaped
            released.countDown();
            assertThat(connector.awaitCaughtUp(System.nanoTime(), TimeUnit.SECONDS.toNanos(5))).isTrue();
            // An event read in a window that began at its last exec: only the exit comm names it.
            Actor a = table.actorOf(pid, lastExec.get(), System.nanoTime(), null, false);
            assertThat(a.comm()).isEqualTo("exitcomm-sh");
            assertThat(a.ppid()).isEqualTo((int) ProcessHandle.current().pid());
            assertThat(table.exitNamed()).isPositive();
        } finally {
            released.countDown();
            Files.delete(link);
            Files.delete(bin);
        }
    }
}
