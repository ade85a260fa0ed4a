package io.fsmon.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The watches added with {@code fsmon add}, persisted so a restart resumes them. Saved atomically:
 * written to a temporary file, fsynced, renamed over the old list, and the folder fsynced, so a
 * crash leaves the old list or the new one, never half of one.
 */
final class WatchList {
    private WatchList() {
    }

    static List<WatchSpec> load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            return ControlCodec.decodeWatchList(text);
        } catch (MalformedMessageException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static void save(Path file, List<WatchSpec> watches) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] bytes = (ControlCodec.encodeWatchList(watches) + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename is durable only once the folder is: fsync it (a directory opens read-only).
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
