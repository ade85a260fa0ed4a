package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code struct linux_dirent64}'s layout, and openat/getdents64 on the real kernel. */
class DirectoriesTest {

    @TempDir
    Path dir;

    @Test
    void direntLayoutMatchesTheKernelHeader() {
        assertThat(Directories.D_RECLEN).isEqualTo(16);
        assertThat(Directories.D_TYPE).isEqualTo(18);
        assertThat(Directories.D_NAME).isEqualTo(19);
    }

    @Test
    void namesComeBackAsTheirExactBytesAndOpenByThem() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("file"), "x");
        // A name that is not UTF-8: only a shell can make it (a Java String cannot carry 0xff).
        new ProcessBuilder("sh", "-c", "mkdir \"$(printf 'odd\\377\\\\x2d')\"").directory(dir.toFile()).start().waitFor();
        int fd = Unistd.open(dir.toRealPath().toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        try {
            List<Directories.Entry> entries = Directories.entries(fd);
            assertThat(entries).extracting(e -> HexFormat.of().formatHex(e.name()))
                    .containsExactlyInAnyOrder("737562", "66696c65", "6f6464ff5c783264"); // sub, file, odd\xff\x2d
            byte[] odd = entries.stream().filter(e -> e.name()[3] == (byte) 0xff).findFirst().orElseThrow().name();
            assertThat(entries).filteredOn(e -> e.name() == odd).singleElement()
                    .extracting(Directories.Entry::type).isIn(Directories.DT_DIR, Directories.DT_UNKNOWN);
            int child = Directories.openAt(fd, odd, Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
            try {
                assertThat(Directories.entries(child)).isEmpty();
            } finally {
                Unistd.close(child);
            }
            assertThatThrownBy(() -> Directories.openAt(fd, "file".getBytes(), Unistd.O_RDONLY | Unistd.O_DIRECTORY))
                    .isInstanceOfSatisfying(NativeException.class, e -> assertThat(e.errno()).isEqualTo(NativeException.ENOTDIR));
        } finally {
            Unistd.close(fd);
        }
    }
}
