package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHandlesTest {

    @TempDir
    Path dir;

    @Test
    void handleIsStableAndCarriesItsLength() throws Exception {
        FileHandles.Handle h1 = FileHandles.nameToHandleAt(Unistd.AT_FDCWD, dir.toString(), 0);
        FileHandles.Handle h2 = FileHandles.nameToHandleAt(Unistd.AT_FDCWD, dir.toString(), 0);
        assertThat(h1).isEqualTo(h2).hasSameHashCodeAs(h2);
        assertThat(h1.bytes()).hasSize(Fanotify.FILE_HANDLE_HEADER_SIZE + h1.handleBytes());
        assertThat(h1.handleBytes()).isBetween(1, FileHandles.MAX_HANDLE_SZ);
    }

    @Test
    void emptyPathNamesTheFdItself() throws Exception {
        int fd = Unistd.open(dir.toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        try {
            assertThat(FileHandles.nameToHandleAt(fd, "", FileHandles.AT_EMPTY_PATH))
                    .isEqualTo(FileHandles.nameToHandleAt(Unistd.AT_FDCWD, dir.toString(), 0));
        } finally {
            Unistd.close(fd);
        }
    }

    @Test
    void missingPathIsEnoent() {
        String missing = dir.resolve("missing").toString();
        assertThatThrownBy(() -> FileHandles.nameToHandleAt(Unistd.AT_FDCWD, missing, 0))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.errno()).isEqualTo(NativeException.ENOENT);
                    assertThat(e.path()).isEqualTo(missing);
                });
    }

    @KernelTest
    @Test
    void openByHandleRoundTripsToTheSamePath() throws Exception {
        Privileged.assumeRoot();
        Path real = dir.toRealPath();
        Path file = Files.writeString(real.resolve("file"), "x");
        FileHandles.Handle handle = FileHandles.nameToHandleAt(Unistd.AT_FDCWD, file.toString(), 0);
        int mountFd = Unistd.open(real.toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        try {
            // Embedded in a larger array, the way a fanotify record carries it.
            byte[] record = new byte[handle.bytes().length + 16];
            System.arraycopy(handle.bytes(), 0, record, 12, handle.bytes().length);
            int fd = FileHandles.openByHandleAt(mountFd, record, 12, handle.bytes().length,
                    Unistd.O_PATH | Unistd.O_CLOEXEC);
            try {
                assertThat(new String(Unistd.fdPath(fd), StandardCharsets.UTF_8)).isEqualTo(file.toString());
            } finally {
                Unistd.close(fd);
            }
        } finally {
            Unistd.close(mountFd);
        }
    }

    @KernelTest
    @Test
    void handleOfADeletedFileIsStale() throws Exception {
        Privileged.assumeRoot();
        Path file = Files.writeString(dir.resolve("gone"), "x");
        FileHandles.Handle handle = FileHandles.nameToHandleAt(Unistd.AT_FDCWD, file.toString(), 0);
        Files.delete(file);
        int mountFd = Unistd.open(dir.toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
        try {
            assertThatThrownBy(() -> FileHandles.openByHandleAt(mountFd, handle, Unistd.O_PATH))
                    .isInstanceOfSatisfying(NativeException.class,
                            e -> assertThat(e.errno()).isEqualTo(NativeException.ESTALE));
        } finally {
            Unistd.close(mountFd);
        }
    }

    @Test
    void truncatedHandleIsRejectedBeforeTheCall() {
        byte[] bogus = {(byte) 0xff, 0, 0, 0, 1, 0, 0, 0, 9};
        assertThatThrownBy(() -> FileHandles.openByHandleAt(-1, bogus, 0, bogus.length, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
