package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of the unistd bindings against the real kernel. */
class UnistdTest {

    @TempDir
    Path dir;

    @Test
    void openFdPathClose() throws Exception {
        Path real = dir.toRealPath();
        int fd = Unistd.open(real.toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        try {
            assertThat(fd).isGreaterThanOrEqualTo(0);
            assertThat(new String(Unistd.fdPath(fd), StandardCharsets.UTF_8)).isEqualTo(real.toString());
            assertThat(Unistd.fstatfsType(fd)).isPositive();
        } finally {
            Unistd.close(fd);
        }
    }

    @Test
    void readlinkGivesTheTargetEvenWhenLong() throws Exception {
        String target = "t".repeat(1000) + "/é";
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of(target));
        assertThat(new String(Unistd.readlink(link.toString()), StandardCharsets.UTF_8)).isEqualTo(target);
    }

    @Test
    void openOfAMissingPathIsEnoent() {
        String missing = dir.resolve("missing").toString();
        assertThatThrownBy(() -> Unistd.open(missing, Unistd.O_RDONLY))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(NativeException.ENOENT);
                    assertThat(e.function()).isEqualTo("open");
                    assertThat(e.path()).isEqualTo(missing);
                })
                .hasMessage("open(" + missing + "): No such file or directory (ENOENT)");
    }

    @Test
    void readlinkOfARegularFileIsEinval() throws Exception {
        Path file = Files.createFile(dir.resolve("f"));
        assertThatThrownBy(() -> Unistd.readlink(file.toString()))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.errno()).isEqualTo(NativeException.EINVAL));
    }

    @Test
    void pathWithNulIsRejectedBeforeTheCall() {
        assertThatThrownBy(() -> Unistd.open(new byte[] {'/', 0, 'x'}, Unistd.O_RDONLY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void procIsProc() throws Exception {
        int fd = Unistd.open("/proc", Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        try {
            long type = Unistd.fstatfsType(fd);
            assertThat(type).isEqualTo(Unistd.PROC_SUPER_MAGIC);
            assertThat(Unistd.fsTypeName(type)).isEqualTo("proc");
        } finally {
            Unistd.close(fd);
        }
    }

    @Test
    void fstatfsOfABadFdIsEbadf() {
        assertThatThrownBy(() -> Unistd.fstatfsType(-1))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.errno()).isEqualTo(NativeException.EBADF));
    }

    @Test
    void idsMatchTheJvm() {
        assertThat((long) Unistd.getpid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Unistd.geteuid()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void fsTypeNames() {
        assertThat(Unistd.fsTypeName(0xEF53)).isEqualTo("ext4");
        assertThat(Unistd.fsTypeName(0x9123683EL)).isEqualTo("btrfs");
        assertThat(Unistd.fsTypeName(0x1234)).isEqualTo("0x1234");
    }
}
