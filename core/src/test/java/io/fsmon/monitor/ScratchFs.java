package io.fsmon.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fresh tmpfs mounted on a temporary folder for one test, so a filesystem mark sees only the
 * test's own activity; unmounted and removed on close. Needs root.
 */
public final class ScratchFs implements AutoCloseable {
    private final Path dir;

    private ScratchFs(Path dir) {
        this.dir = dir;
    }

    public static ScratchFs mount() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fsmon-test-");
        Shell.run(List.of("mount", "-t", "tmpfs", "-o", "size=512m,mode=0755", "fsmon-test", dir.toString()));
        return new ScratchFs(dir.toRealPath());
    }

    public Path root() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Shell.run(List.of("umount", "-l", dir.toString()));
        Files.deleteIfExists(dir);
    }
}
