package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code struct taskstats} against {@code <linux/taskstats.h>}, and a real exit as root. */
class TaskstatsTest {

    @Test
    void offsetsAreTheHeadersAtVersion12() {
        assertThat(Taskstats.GENLMSGHDR_SIZE).isEqualTo(4);
        assertThat(Taskstats.NLATTR_SIZE).isEqualTo(4);
        assertThat(Taskstats.TS_VERSION_OFFSET).isZero();
        assertThat(Taskstats.TS_COMM_OFFSET).isEqualTo(72);
        assertThat(Taskstats.TS_UID_OFFSET).isEqualTo(112);
        assertThat(Taskstats.TS_PID_OFFSET).isEqualTo(120);
        assertThat(Taskstats.TS_PPID_OFFSET).isEqualTo(124);
        assertThat(Taskstats.TS_ETIME_OFFSET).isEqualTo(136);
        assertThat(Taskstats.TASKSTATS.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("ac_btime64")))
                .isEqualTo(336);
        assertThat(Taskstats.TS_TGID_OFFSET).isEqualTo(360);
        assertThat(Taskstats.TS_SIZE_WITH_TGID).isEqualTo(364);
    }

    @Test
    void receivesTheExitOfAChildWithItsComm() throws Exception {
        Privileged.assumeRoot();
        String cpus = Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip();
        try (Taskstats ts = Taskstats.openExitListener(cpus, 1 << 20)) {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            byte[] buf = new byte[Taskstats.BUFFER_SIZE];
            long deadline = System.nanoTime() + 5_000_000_000L;
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                Poll.poll(new int[] {ts.fd()}, Poll.POLLIN, 1000);
                int n = ts.receive(buf);
                // Scan for the child's pid at an ac_pid offset after a "true" comm: decoding is proc's job.
                for (int i = 0; n > 0 && i + Taskstats.TS_SIZE_WITH_TGID <= n; i += 4) {
                    if (le32(buf, i + Taskstats.TS_PID_OFFSET) == p.pid()
                            && new String(buf, i + Taskstats.TS_COMM_OFFSET, 4, StandardCharsets.US_ASCII).equals("true")) {
                        assertThat(le32(buf, i) & 0xffff).isGreaterThanOrEqualTo(Taskstats.VERSION_WITH_TGID);
                        seen = true;
                    }
                }
            }
            assertThat(seen).as("the exit of pid %d within 5 s", p.pid()).isTrue();
        }
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
