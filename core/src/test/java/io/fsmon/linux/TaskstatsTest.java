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
        // offsetof() in <linux/taskstats.h> (version 13), compiled with gcc on x86_64
        assertThat(Taskstats.GENLMSGHDR_SIZE).isEqualTo(4);
        assertThat(Taskstats.NLATTR_SIZE).isEqualTo(4);
        assertThat(Taskstats.TS_VERSION_OFFSET).isZero();
        assertThat(Taskstats.TS_COMM_OFFSET).isEqualTo(80);
        assertThat(Taskstats.TS_UID_OFFSET).isEqualTo(120);
        assertThat(Taskstats.TS_PID_OFFSET).isEqualTo(128);
        assertThat(Taskstats.TS_PPID_OFFSET).isEqualTo(132);
        assertThat(Taskstats.TS_ETIME_OFFSET).isEqualTo(144);
        assertThat(Taskstats.TASKSTATS.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("ac_btime64")))
                .isEqualTo(344);
        assertThat(Taskstats.TS_TGID_OFFSET).isEqualTo(368);
        assertThat(Taskstats.TS_SIZE_WITH_TGID).isEqualTo(372);
    }

    @KernelTest
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
                if (n <= 0) {
                    continue;
                }
                // nlmsghdr, genlmsghdr, AGGR_PID { PID, [NULL pad], STATS }: decoding proper is proc's job.
                assertThat(le16(buf, Netlink.NLMSG_TYPE_OFFSET)).isEqualTo(ts.family() & 0xffff);
                int aggr = Netlink.NLMSGHDR_SIZE + Taskstats.GENLMSGHDR_SIZE;
                assertThat(le16(buf, aggr + 2)).isEqualTo(Taskstats.TASKSTATS_TYPE_AGGR_PID);
                int end = aggr + le16(buf, aggr);
                for (int a = aggr + Taskstats.NLATTR_SIZE; a < end; a += (le16(buf, a) + 3) & ~3) {
                    int st = a + Taskstats.NLATTR_SIZE;
                    if (le16(buf, a + 2) == Taskstats.TASKSTATS_TYPE_STATS && le32(buf, st + Taskstats.TS_PID_OFFSET) == p.pid()) {
                        assertThat(le16(buf, st + Taskstats.TS_VERSION_OFFSET)).isGreaterThanOrEqualTo(Taskstats.VERSION_WITH_TGID);
                        assertThat(le16(buf, a) - Taskstats.NLATTR_SIZE).isGreaterThanOrEqualTo(Taskstats.TS_SIZE_WITH_TGID);
                        assertThat(new String(buf, st + Taskstats.TS_COMM_OFFSET, 5, StandardCharsets.US_ASCII)).isEqualTo("true\0");
                        assertThat(le32(buf, st + Taskstats.TS_TGID_OFFSET)).isEqualTo((int) p.pid());
                        assertThat(le32(buf, st + Taskstats.TS_PPID_OFFSET)).isEqualTo((int) ProcessHandle.current().pid());
                        seen = true;
                    }
                }
            }
            assertThat(seen).as("the exit of pid %d within 5 s", p.pid()).isTrue();
        }
    }

    private static int le16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
