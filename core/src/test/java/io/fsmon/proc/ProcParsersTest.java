package io.fsmon.proc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcParsersTest {

    private static final String ID =
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void statOfARealProcess() {
        String line = "4955 (head) R 4953 4953 2291 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 30403 "
                + "2998272 382 18446744073709551615 94761093996544 94761094020649 140734735959328 0 0\n";
        assertThat(ProcParsers.parseStat(line)).isEqualTo(new ProcStat(4955, "head", 'R', 4953, 30403));
    }

    @Test
    void commIsCutAtTheLastParenthesis() {
        ProcStat stat = ProcParsers.parseStat(FakeProc.statLine(7, "(a) b)", 1, 99));
        assertThat(stat.comm()).isEqualTo("(a) b)");
        assertThat(stat.ppid()).isEqualTo(1);
        assertThat(stat.startTime()).isEqualTo(99);
    }

    @Test
    void commMayHoldSpacesAndDigits() {
        ProcStat stat = ProcParsers.parseStat(FakeProc.statLine(8, "Web Content 2", 3, 5));
        assertThat(stat).isEqualTo(new ProcStat(8, "Web Content 2", 'S', 3, 5));
    }

    @Test
    void truncatedStatIsABug() {
        assertThatThrownBy(() -> ProcParsers.parseStat("12 (x) S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcParsers.parseStat("no parentheses"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusGivesRealUidTgidAndPpid() {
        String status = "Name:\tsudo\nTgid:\t812\nNgid:\t0\nPid:\t812\nPPid:\t800\n"
                + "Uid:\t1000\t0\t0\t0\nGid:\t1000\t0\t0\t0\n";
        assertThat(ProcParsers.parseStatus(status)).isEqualTo(new Status(1000, 812, 800));
    }

    @Test
    void statusWithoutUidIsABug() {
        assertThatThrownBy(() -> ProcParsers.parseStatus("Tgid:\t1\nPPid:\t0\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cmdlineJoinsArgumentsAndDropsTrailingNul() {
        assertThat(ProcParsers.parseCmdline(bytes("touch\0/tmp/a b\0-c\0")))
                .isEqualTo("touch /tmp/a b -c");
        assertThat(ProcParsers.parseCmdline(bytes("nginx: worker process\0\0\0")))
                .isEqualTo("nginx: worker process");
        assertThat(ProcParsers.parseCmdline(bytes("no-trailing-nul"))).isEqualTo("no-trailing-nul");
        assertThat(ProcParsers.parseCmdline(new byte[0])).isEmpty();
    }

    @Test
    void loginUid() {
        assertThat(ProcParsers.parseLoginUid("1000")).isEqualTo(OptionalInt.of(1000));
        assertThat(ProcParsers.parseLoginUid("4294967295")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void cgroupOfDockerSystemdDriver() {
        String cgroup = "0::/system.slice/docker-" + ID + ".scope\n";
        assertThat(ProcParsers.parseCgroup(cgroup)).contains("0123456789ab");
    }

    @Test
    void cgroupOfDockerCgroupfsDriverOnAHybridHost() {
        String cgroup = "12:memory:/docker/" + ID + "\n1:name=systemd:/docker/" + ID + "\n0::/\n";
        assertThat(ProcParsers.parseCgroup(cgroup)).contains("0123456789ab");
    }

    @Test
    void cgroupOfContainerdCrioPodmanAndKubepods() {
        assertThat(ProcParsers.parseCgroup("0::/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod1.slice/cri-containerd-" + ID + ".scope\n")).contains("0123456789ab");
        assertThat(ProcParsers.parseCgroup("0::/kubepods.slice/crio-" + ID + ".scope\n"))
                .contains("0123456789ab");
        assertThat(ProcParsers.parseCgroup("0::/user.slice/user-1000.slice/user@1000.service/"
                + "user.slice/libpod-" + ID + ".scope/container\n")).contains("0123456789ab");
        assertThat(ProcParsers.parseCgroup("0::/kubepods/besteffort/pod1234/" + ID + "\n"))
                .contains("0123456789ab");
    }

    @Test
    void cgroupOutsideContainersIsTheV2Path() {
        String cgroup = "0::/user.slice/user-0.slice/session-3.scope\n";
        assertThat(ProcParsers.parseCgroup(cgroup)).contains("/user.slice/user-0.slice/session-3.scope");
    }

    @Test
    void shortHexIsNotAContainer() {
        String cgroup = "4:memory:/process_api/64b5a18c4320559fac55c4245033d72f\n0::/\n";
        assertThat(ProcParsers.parseCgroup(cgroup)).contains("/");
    }

    @Test
    void v1OnlyHostOutsideContainersHasNoIdentity() {
        assertThat(ProcParsers.parseCgroup("4:memory:/user.slice\n1:name=systemd:/user.slice\n"))
                .isEqualTo(Optional.empty());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
