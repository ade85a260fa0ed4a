package io.fsmon.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way fsmon replaces a small state file (a watch list, a ship checkpoint, a history's
 * epoch, a central host's epochs): written to {@code .NAME.tmp} beside it, fsynced, renamed over
 * it, and the folder fsynced, so a crash leaves the old content or the new one, never half.
 */
public final class DurableFile {
    private DurableFile() {
    }

    /** Replaces {@code path}'s content by {@code text} (UTF-8), creating its folder if needed. */
    public static void replace(Path path, String text) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + path.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(false);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename is durable only once the folder is
        } catch (IOException e) {
            // a filesystem that cannot fsync a folder: the rename is done anyway
        }
    }
}
