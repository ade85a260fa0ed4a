package io.fsmon.monitor;

import io.fsmon.linux.FileHandles;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.linux.Unistd;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Directories kept open by handle for size lookups: what is opened when, and that every fd is closed. */
@KernelTest
class DirectoryFdsTest {

    @Test
    void opensOnTheSecondLookupFollowsRenamesAndClosesWhatItOpened() throws Exception {
        Privileged.assumeRoot();
        try (ScratchFs fs = ScratchFs.mount()) {
            Path root = fs.root();
            KernelHandles handles = new KernelHandles(); // closed with the resolver
            try (PathResolver resolver = new PathResolver(16, handles)) {
                int mountFd = Unistd.open(root.toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
                long fsid = FileStatus.fsid(mountFd);
                handles.addMountFd(fsid, mountFd);
                DirectoryFds dirs = resolver.directories();
                HandleKey a = handle(fsid, Files.createDirectories(root.resolve("a")));
                HandleKey b = handle(fsid, Files.createDirectories(root.resolve("b")));
                Files.writeString(root.resolve("a/f"), "12345");

                assertThat(dirs.fdOf(a)).as("first lookup: by path").isEqualTo(-1);
                int fd = dirs.fdOf(a);
                assertThat(fd).as("second lookup: opened").isNotNegative();
                assertThat(dirs.fdOf(a)).isEqualTo(fd);
                // The fd follows the directory: after a rename the name is found where the directory went.
                Files.move(root.resolve("a"), root.resolve("z"));
                assertThat(FileStatus.sizeAt(fd, "f".getBytes(StandardCharsets.UTF_8))).isEqualTo(5);
                assertThat(FileStatus.sizeAt(fd, "nope".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
                dirs.fdOf(b);
                dirs.fdOf(b);
                assertThat(dirs.open()).isEqualTo(2);
                assertThat(openBelow(root)).isEqualTo(2 + 1); // and the mount fd

                resolver.forget(a); // a removed directory
                assertThat(dirs.open()).isEqualTo(1);
                assertThat(openBelow(root)).isEqualTo(1 + 1);
            }
            assertThat(openBelow(root)).as("closed with the resolver").isZero();
        }
    }

    @Test
    void aDirectoryThatCannotBeOpenedIsLookedUpByPathAndEvictionCloses() throws Exception {
        Privileged.assumeRoot();
        try (ScratchFs fs = ScratchFs.mount()) {
            Path root = fs.root();
            int[] opened = {0};
            KernelHandles handles = new KernelHandles(); // closed with the resolver
            try (PathResolver resolver = new PathResolver(16, handles)) {
                int mountFd = Unistd.open(root.toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
                long fsid = FileStatus.fsid(mountFd);
                handles.addMountFd(fsid, mountFd);
                HandleKey gone = handle(fsid, Files.createDirectories(root.resolve("gone")));
                Files.delete(root.resolve("gone"));
                try (DirectoryFds dirs = new DirectoryFds(2, k -> {
                    opened[0]++;
                    try {
                        return k.equals(gone) ? -1 : Unistd.open(root.toString(), Unistd.O_PATH | Unistd.O_CLOEXEC);
                    } catch (io.fsmon.linux.NativeException e) {
                        throw new AssertionError(e);
                    }
                }, Unistd::close)) {
                    dirs.fdOf(gone);
                    assertThat(dirs.fdOf(gone)).isEqualTo(-1);
                    assertThat(dirs.fdOf(gone)).as("not retried").isEqualTo(-1);
                    assertThat(opened[0]).isEqualTo(1);
                    for (String n : new String[] {"p", "q", "r"}) {
                        HandleKey k = handle(fsid, Files.createDirectories(root.resolve(n)));
                        dirs.fdOf(k);
                        assertThat(dirs.fdOf(k)).isNotNegative();
                    }
                    assertThat(dirs.open()).as("capacity 2: the eldest was closed").isEqualTo(2);
                    assertThat(openBelow(root)).isEqualTo(2 + 1);
                }
                assertThat(openBelow(root)).isEqualTo(1);
            }
        }
    }

    private static HandleKey handle(long fsid, Path dir) throws Exception {
        return new HandleKey(fsid, FileHandles.nameToHandleAt(Unistd.AT_FDCWD, dir.toString(), 0).bytes());
    }

    /** How many of this process's fds are open on {@code dir} or below it. */
    private static long openBelow(Path dir) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException e) {
                    return false; // closed while listing (the listing's own fd)
                }
            }).count();
        }
    }
}
