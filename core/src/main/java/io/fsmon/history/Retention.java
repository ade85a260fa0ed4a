package io.fsmon.history;

import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryLayout.HistoryFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code fsmon clean}: retention by hand, safe while the daemon writes.
 *
 * <p>Only whole files are removed, oldest first, and never the newest one: that is the file the
 * daemon appends to, and removing or rewriting it could lose or tear a line. An older file is
 * closed (the writer only ever appends to the newest), so removing it loses nothing that is not
 * meant to go. Compression writes {@code .X.jsonl.gz.tmp} (a name the layout ignores), fsyncs it,
 * renames it to {@code X.jsonl.gz} and only then removes {@code X.jsonl}; a reader that finds both
 * reads the original (see {@link QueryEngine}), so at no moment is an event missing or doubled.
 * A file the daemon's shipper has not sent yet is never removed: a size limit then stays unmet,
 * and the plan says which files it kept.
 */
public final class Retention {
    private final HistoryLayout layout;

    public Retention(HistoryLayout layout) {
        this.layout = layout;
    }

    /** What {@code clean} removes and compresses, with the sizes before and after. */
    public record Plan(List<Entry> remove, List<Entry> compress, List<Entry> kept, long filesBefore, long bytesBefore,
                       long bytesAfterRemoval) {
    }

    /** A file and its size when planned. */
    public record Entry(HistoryFile file, long size, String why) {
    }

    /**
     * Plans a clean.
     *
     * @param keepDays remove files whose every line is older than this many days (null: no age limit)
     * @param maxSize  then remove the oldest files until the history is at most this big (null: no size limit)
     * @param compress gzip the remaining uncompressed files, except the newest
     * @param now      the current time
     * @return the plan; files the limits would remove but the daemon's shipper has not sent yet
     *         ({@link HistoryLayout#unsent()}) are kept, in {@link Plan#kept()}
     */
    public Plan plan(Integer keepDays, Long maxSize, boolean compress, Instant now) throws IOException {
        List<HistoryFile> files = layout.files();
        java.util.function.Predicate<HistoryFile> unsent = layout.unsent();
        List<Entry> kept = new ArrayList<>();
        List<Entry> all = new ArrayList<>();
        long total = 0;
        for (HistoryFile f : files) {
            long size = sizeOf(f.path());
            all.add(new Entry(f, size, null));
            total += size;
        }
        List<Entry> remove = new ArrayList<>();
        List<Entry> keep = new ArrayList<>();
        Instant cutoff = keepDays == null ? null : now.minus(Duration.ofDays(keepDays));
        for (int i = 0; i < all.size(); i++) {
            Entry e = all.get(i);
            boolean newest = i == all.size() - 1;
            boolean old = !newest && cutoff != null && !e.file().dayEnd().plus(HistoryLayout.MAX_SKEW).isAfter(cutoff);
            if (old && unsent.test(e.file())) {
                kept.add(new Entry(e.file(), e.size(), "older than " + keepDays + " days, not shipped yet"));
                keep.add(e);
            } else if (old) {
                remove.add(new Entry(e.file(), e.size(), "older than " + keepDays + " days"));
            } else {
                keep.add(e);
            }
        }
        long left = total - remove.stream().mapToLong(Entry::size).sum();
        if (maxSize != null) {
            while (left > maxSize && keep.size() > 1) { // never the newest
                if (unsent.test(keep.getFirst().file())) { // so are all later ones
                    for (Entry e : keep.subList(0, keep.size() - 1)) {
                        if (kept.stream().noneMatch(k -> k.file().equals(e.file()))) {
                            kept.add(new Entry(e.file(), e.size(), "history above "
                                    + io.fsmon.filter.Sizes.human(maxSize) + ", not shipped yet"));
                        }
                    }
                    break;
                }
                Entry e = keep.removeFirst();
                remove.add(new Entry(e.file(), e.size(), "history above " + io.fsmon.filter.Sizes.human(maxSize)));
                left -= e.size();
            }
        }
        List<Entry> gzip = new ArrayList<>();
        if (compress) {
            for (int i = 0; i < keep.size() - 1; i++) {
                if (!keep.get(i).file().compressed()) {
                    gzip.add(keep.get(i));
                }
            }
        }
        return new Plan(remove, gzip, kept, files.size(), total, left);
    }

    /** What was done: bytes freed by removal, and the sizes before and after compression. */
    public record Result(int removed, long freed, int compressed, long compressedFrom, long compressedTo) {
    }

    /** Carries out a plan: removes, then compresses. A file already gone is skipped. */
    public Result apply(Plan plan) throws IOException {
        int removed = 0;
        long freed = 0;
        for (Entry e : plan.remove()) {
            if (Files.deleteIfExists(e.file().path())) {
                removed++;
                freed += e.size();
            }
        }
        int compressed = 0;
        long from = 0;
        long to = 0;
        for (Entry e : plan.compress()) {
            long size = compress(e.file());
            if (size >= 0) {
                compressed++;
                from += e.size();
                to += size;
            }
        }
        if (removed > 0 || compressed > 0) {
            fsyncDir(layout.dir());
        }
        return new Result(removed, freed, compressed, from, to);
    }

    /** Gzips one closed file; returns the compressed size, or -1 if the file is gone. */
    private long compress(HistoryFile f) throws IOException {
        Path gz = layout.fileFor(f.day(), f.sequence(), true);
        Path tmp = gz.resolveSibling("." + gz.getFileName() + ".tmp");
        try (InputStream in = Files.newInputStream(f.path());
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            try (OutputStream out = new GZIPOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16) {
                @Override
                public void close() throws IOException {
                    finish(); // leave the channel open for force()
                    flush();
                }
            }) {
                in.transferTo(out);
            }
            copyAccess(f.path(), tmp);
            ch.force(true);
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(tmp);
            return -1;
        }
        Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(f.path());
        return Files.size(gz);
    }

    /** The compressed copy gets the original's mode and group: the history stays as private as it was. */
    private static void copyAccess(Path from, Path to) throws IOException {
        java.nio.file.attribute.PosixFileAttributes a =
                Files.readAttributes(from, java.nio.file.attribute.PosixFileAttributes.class);
        try {
            Files.getFileAttributeView(to, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(a.group());
        } catch (IOException notAllowed) {
            // not root nor in that group: the mode below still keeps others out
        }
        Files.setPosixFilePermissions(to, a.permissions());
    }

    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some filesystems refuse to open a directory for fsync; the renames are done anyway
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
