package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

/** The connector's struct layouts against the C headers, and a real subscription as root. */
class NetlinkTest {

    @Test
    void headerSizesAndOffsets() {
        assertThat(Netlink.SOCKADDR_NL.byteSize()).isEqualTo(12);
        assertThat(Netlink.NLMSGHDR.byteSize()).isEqualTo(16);
        assertThat(Netlink.CN_MSG.byteSize()).isEqualTo(20);
        assertThat(Netlink.CN_SEQ_OFFSET).isEqualTo(8);
        assertThat(Netlink.CN_LEN_OFFSET).isEqualTo(16);
        assertThat(Netlink.PROC_EVENT_START).isEqualTo(36);
    }

    @Test
    void procEventIs40BytesWithItsUnionAt16() {
        assertThat(Netlink.PROC_EVENT.byteSize()).isEqualTo(40);
        assertThat(Netlink.EV_CPU_OFFSET).isEqualTo(4);
        assertThat(Netlink.EV_TIMESTAMP_OFFSET).isEqualTo(8);
        assertThat(Netlink.EV_DATA_OFFSET).isEqualTo(16);
        assertThat(Netlink.FORK_CHILD_TGID_OFFSET).isEqualTo(12);
        assertThat(Netlink.ID_EUID_OFFSET).isEqualTo(12);
        assertThat(Netlink.COMM_COMM_OFFSET).isEqualTo(8);
        assertThat(Netlink.EXIT_PARENT_TGID_OFFSET).isEqualTo(20);
        assertThat(Netlink.EVENT_DATA.byteSize()).isEqualTo(24);
    }

    @Test
    void passwdIs48BytesWithUidAt16() {
        assertThat(Passwd.PASSWD.byteSize()).isEqualTo(48);
        assertThat(Passwd.PASSWD.byteOffset(PathElement.groupElement("pw_uid"))).isEqualTo(16);
    }

    @Test
    void nssNamesRootAndNotAnUnusedUid() throws NativeException {
        assertThat(Passwd.nameOf(0)).isEqualTo("root");
        assertThat(Passwd.nameOf(65534)).isEqualTo("nobody");
        assertThat(Passwd.nameOf(1_999_999_999)).isNull();
    }

    @KernelTest
    @Test
    void subscribesAndReceivesTheForkOfAChild() throws Exception {
        Privileged.assumeRoot();
        try (Netlink nl = Netlink.openProcConnector(1 << 20)) {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            byte[] buf = new byte[Netlink.BUFFER_SIZE];
            boolean sawFork = false;
            while (!sawFork) {
                int ready = Poll.poll(new int[] {nl.fd()}, Poll.POLLIN, 5000);
                assertThat(ready).as("a message within 5 s").isNotZero();
                int n = nl.receive(buf);
                if (n >= Netlink.PROC_EVENT_START + Netlink.PROC_EVENT_SIZE) {
                    int what = le32(buf, Netlink.PROC_EVENT_START + Netlink.EV_WHAT_OFFSET);
                    int child = le32(buf, Netlink.PROC_EVENT_START + Netlink.EV_DATA_OFFSET
                            + Netlink.FORK_CHILD_TGID_OFFSET);
                    sawFork = what == Netlink.PROC_EVENT_FORK && child == p.pid();
                }
            }
        }
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
