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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The watches added with {@code fsmon add}, persisted so a restart resumes them. Saved atomically:
 * written to a temporary file, fsynced, renamed over the old list, and the folder fsynced, so a
 * crash leaves the old list or the new one, never half of one.
 */
final class WatchList {
    private WatchList() {
    }

    @SuppressWarnings("unchecked")
    static List<WatchSpec> load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Map<String, Object> m = Messages.parse(text);
        List<WatchSpec> out = new ArrayList<>();
        for (Object o : Messages.list(m, "watches")) {
            out.add(WatchSpec.fromMap((Map<String, Object>) o));
        }
        return out;
    }

    static void save(Path file, List<WatchSpec> watches) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", Messages.VERSION);
        m.put("watches", watches.stream().map(WatchSpec::toMap).toList());
        byte[] bytes = (Messages.write(m) + "\n").getBytes(StandardCharsets.UTF_8);
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
