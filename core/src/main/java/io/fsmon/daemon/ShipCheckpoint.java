package io.fsmon.daemon;

import io.fsmon.log.HistoryLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How far the history was shipped: the name of a history file (without {@code .jsonl[.gz]}), the
 * byte offset of the first line not acknowledged by the broker, and the {@link ShipEpoch} of the
 * history it is a place in (null in a checkpoint written before epochs). Stored in one line,
 * replaced atomically (write, fsync, rename, fsync of the folder): after a crash it is the old or
 * the new position, never a torn one, and never ahead of what the broker holds.
 */
record ShipCheckpoint(String file, long offset, String epoch) {

    /** The stored checkpoint; empty when there is none (nothing shipped yet) or it is unreadable. */
    static Optional<ShipCheckpoint> load(Path path) throws IOException {
        String s;
        try {
            s = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] f = s.split(" ");
        if (f.length < 2 || f.length > 3 || f[0].isEmpty() || f.length == 3 && !ShipEpoch.valid(f[2])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ShipCheckpoint(f[0], Long.parseLong(f[1]), f.length == 3 ? f[2] : null));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void store(Path path) throws IOException {
        io.fsmon.log.DurableFile.replace(path, file + " " + offset + (epoch == null ? "" : " " + epoch) + "\n");
    }

    /** The stem of a history file's name: {@code events-2026-12-03-000}. */
    static String stem(Path historyFile) {
        String n = historyFile.getFileName().toString();
        return n.substring(0, n.indexOf(".jsonl"));
    }

    /** The index of the file named {@code stem} in {@code files}, or -1. */
    static int indexOf(List<HistoryLayout.HistoryFile> files, String stem) {
        for (int i = 0; i < files.size(); i++) {
            if (stem(files.get(i).path()).equals(stem)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first file after {@code stem} in {@code files}, or -1. */
    static int firstAfter(List<HistoryLayout.HistoryFile> files, String stem) {
        for (int i = 0; i < files.size(); i++) {
            if (HistoryLayout.compareStems(stem(files.get(i).path()), stem) > 0) {
                return i;
            }
        }
        return -1;
    }
}
