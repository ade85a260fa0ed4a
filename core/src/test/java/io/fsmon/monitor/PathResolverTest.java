package io.fsmon.monitor;

import io.fsmon.linux.FileHandles;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.linux.Unistd;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The resolver's kernel fallback: a directory it never learned, found through open_by_handle_at. */
@KernelTest
class PathResolverTest {

    @Test
    void resolvesAnUnlearnedDirectoryThroughItsHandleAndFollowsRenames() throws Exception {
        Privileged.assumeRoot();
        KernelHandles handles = new KernelHandles(); // closed with the resolver
        try (ScratchFs fs = ScratchFs.mount(); PathResolver resolver = new PathResolver(16, handles)) {
            Path dir = Files.createDirectories(fs.root().resolve("a/b"));
            int mountFd = Unistd.open(fs.root().toString(), Unistd.O_RDONLY | Unistd.O_DIRECTORY | Unistd.O_CLOEXEC);
            long fsid = FileStatus.fsid(mountFd);
            handles.addMountFd(fsid, mountFd);
            HandleKey key = new HandleKey(fsid, FileHandles.nameToHandleAt(Unistd.AT_FDCWD, dir.toString(), 0).bytes());
            assertThat(resolver.knows(key)).isFalse();
            assertThat(resolver.dirPath(key)).isEqualTo(dir.toString());
            assertThat(resolver.knows(key)).isTrue();
            resolver.renamed(null, fs.root().resolve("a").toString(), fs.root().resolve("z").toString());
            assertThat(resolver.dirPath(key)).isEqualTo(fs.root().resolve("z/b").toString());
            assertThat(resolver.unresolved()).isZero();
        }
    }
}
