package io.fsmon.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        io.fsmon.log.DurableFile.replace(file, ControlCodec.encodeWatchList(watches) + "\n");
    }
}
