package io.fsmon.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The history file the {@link HistoryWriter} appends to, named by the {@link HistoryLayout}: a new
 * file per UTC day, a new sequence number when a file reaches the size limit, recreated when
 * someone else deletes or moves it away (the path's file key differs from the open file's).
 * Not thread-safe: the writer calls it under its own lock.
 */
final class RotatingHistoryFile {
    private final HistoryLayout layout;
    private final long fileLimit;
    private final Consumer<String> diagnostics;
    /** Mode and group of new files; null: as created. */
    private final HistoryAccess access;

    private FileChannel channel;
    private Path current;
    private Object currentKey;
    private LocalDate currentDay;
    private int currentSeq;
    private long currentSize;
    private long recreated;

    RotatingHistoryFile(HistoryLayout layout, long fileLimit, HistoryAccess access, Consumer<String> diagnostics) {
        this.layout = layout;
        this.access = access;
        this.fileLimit = fileLimit;
        this.diagnostics = diagnostics;
    }

    /**
     * Appends whole lines to the file for {@code day} (or a later day's file already open), opening
     * or rotating first. A failed write is undone to where it began, so no half line stays behind.
     */
    void append(ByteArrayOutputStream lines, LocalDate day) throws IOException {
        long before = -1;
        try {
            ensureOpen(day);
            before = currentSize;
            ByteBuffer b = ByteBuffer.wrap(lines.toByteArray());
            while (b.hasRemaining()) {
                currentSize += channel.write(b);
            }
        } catch (IOException e) {
            if (channel != null && before >= 0) {
                try {
                    channel.truncate(before); // never leave half a line behind
                    currentSize = before;
                } catch (IOException ignored) {
                    close(); // reopened (and a torn line ended) on the next write
                }
            }
            throw e;
        }
    }

    /** The open channel, for {@code fdatasync}; null when no file is open. */
    FileChannel channel() {
        return channel;
    }

    /** The file last opened; null before the first write. */
    Path path() {
        return current;
    }

    /** How many times the file was recreated after someone else deleted or moved it. */
    long recreated() {
        return recreated;
    }

    private void ensureOpen(LocalDate day) throws IOException {
        if (channel != null && day.isAfter(currentDay)) {
            close();
        }
        if (channel != null && currentSize >= fileLimit) {
            close();
            open(currentDay, currentSeq + 1);
            return;
        }
        if (channel != null && !stillOurs()) {
            diagnostics.accept("history: " + current + " was deleted or moved away; recreating it");
            recreated++;
            LocalDate d = currentDay;
            int seq = currentSeq;
            close();
            open(d, seq);
            return;
        }
        if (channel == null) {
            LocalDate d = currentDay != null && currentDay.isAfter(day) ? currentDay : day;
            open(d, lastSequence(d));
        }
    }

    private boolean stillOurs() throws IOException {
        try {
            Object key = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return Objects.equals(key, currentKey);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private int lastSequence(LocalDate day) throws IOException {
        int seq = 0;
        for (HistoryLayout.HistoryFile f : layout.files()) {
            if (f.day().equals(day)) {
                seq = Math.max(seq, f.compressed() ? f.sequence() + 1 : f.sequence());
            }
        }
        return seq;
    }

    private void open(LocalDate day, int seq) throws IOException {
        Files.createDirectories(layout.dir());
        while (true) {
            Path p = layout.fileFor(day, seq, false);
            if (Files.exists(layout.fileFor(day, seq, true)) || (Files.exists(p) && Files.size(p) >= fileLimit)) {
                seq++;
                continue;
            }
            boolean created = !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
            FileChannel c = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (created && access != null) {
                try {
                    access.file(p);
                } catch (IOException e) {
                    c.close();
                    throw e;
                }
            }
            long size = c.size();
            if (size > 0) {
                // A daemon killed in the middle of a write may have left a torn last line: end
                // it, so it stays one malformed line and the next line starts clean.
                ByteBuffer last = ByteBuffer.allocate(1);
                try (FileChannel r = FileChannel.open(p, StandardOpenOption.READ)) {
                    r.read(last, size - 1);
                }
                if (last.get(0) != '\n') {
                    size += c.write(ByteBuffer.wrap(new byte[]{'\n'}));
                }
            }
            channel = c;
            current = p;
            currentKey = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            currentDay = day;
            currentSeq = seq;
            currentSize = size;
            return;
        }
    }

    /** {@code fdatasync}s and closes the open file, if any; the next append opens one again. */
    void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException ignored) {
            // the data was written; a failed sync of a file we leave cannot be retried
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
        channel = null;
    }
}
