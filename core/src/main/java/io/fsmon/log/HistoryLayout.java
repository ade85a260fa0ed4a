package io.fsmon.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The one owner of how the history folder is laid out, shared by the writer (daemon) and the
 * readers (query, changes, clean).
 *
 * <p>Files are named {@code events-YYYY-MM-DD-NNN.jsonl} (UTC day, then a sequence number from
 * {@code 000} that grows when a day's file is rotated by size), optionally compressed as
 * {@code .jsonl.gz}. Names sort by time: within a file lines are in the order they were written,
 * and a line's {@code time} is never more than {@link #MAX_SKEW} earlier than a line before it
 * (several monitors feed one writer).
 */
public final class HistoryLayout {
    /**
     * The first history file the daemon's shipper has not wholly sent, by name without
     * {@code .jsonl[.gz]}, kept by the shipper in the history folder beside the files: retention by
     * hand ({@code fsmon clean}) reads it and keeps that file and every later one.
     */
    public static final String UNSENT_MARK = ".ship-unsent";

    /** How far back a line's time may be from the lines before it. */
    public static final java.time.Duration MAX_SKEW = java.time.Duration.ofSeconds(5);
    private static final Pattern NAME = Pattern.compile("events-(\\d{4}-\\d{2}-\\d{2})-(\\d{3,})\\.jsonl(\\.gz)?");

    private final Path dir;

    public HistoryLayout(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** One history file. */
    public record HistoryFile(Path path, LocalDate day, int sequence, boolean compressed) {
        /** The first instant this file's day can hold. */
        public Instant dayStart() {
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /** The instant after this file's day. */
        public Instant dayEnd() {
            return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /**
         * The file's lines as written, decompressed when it is gzipped; a gzip whose header is
         * damaged throws ({@link java.util.zip.ZipException} or {@link java.io.EOFException}),
         * the file closed.
         */
        public InputStream open() throws IOException {
            InputStream raw = Files.newInputStream(path);
            try {
                return compressed ? new GZIPInputStream(raw, 1 << 16) : raw;
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        }
    }

    /** The name of a day's file number {@code sequence}. */
    public Path fileFor(LocalDate day, int sequence, boolean compressed) {
        return dir.resolve(String.format("events-%s-%03d.jsonl%s", day, sequence, compressed ? ".gz" : ""));
    }

    /** The UTC day of an instant. */
    public static LocalDate dayOf(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** Parses a file name of this layout; empty for any other file. */
    public static Optional<HistoryFile> parse(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HistoryFile(p, LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) != null));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The order of the files: by day, then by sequence (as a number: {@code -1000} after {@code -999}). */
    public static final Comparator<HistoryFile> ORDER =
            Comparator.comparing(HistoryFile::day).thenComparingInt(HistoryFile::sequence);

    /**
     * Compares two file names without their {@code .jsonl[.gz]} ("stems", as the shipper's
     * checkpoint names files) in {@link #ORDER}; stems of no file of this layout compare as text.
     */
    public static int compareStems(String a, String b) {
        Optional<HistoryFile> x = parse(Path.of(a + ".jsonl"));
        Optional<HistoryFile> y = parse(Path.of(b + ".jsonl"));
        return x.isPresent() && y.isPresent() ? ORDER.compare(x.get(), y.get()) : a.compareTo(b);
    }

    /** Every history file, oldest first; empty when the folder does not exist. */
    public List<HistoryFile> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<HistoryFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> parse(p).ifPresent(out::add));
        }
        out.sort(ORDER);
        return out;
    }

    /**
     * Which files may hold events the daemon's shipper has not sent: the file named by
     * {@link #UNSENT_MARK} and every later one. None when there is no mark (the history is not
     * shipped); all of them when the mark cannot be read as a file name (the safe side).
     */
    public java.util.function.Predicate<HistoryFile> unsent() throws IOException {
        String stem;
        try {
            stem = Files.readString(dir.resolve(UNSENT_MARK), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (java.nio.file.NoSuchFileException e) {
            return f -> false;
        }
        Optional<HistoryFile> first = parse(dir.resolve(stem + ".jsonl"));
        if (first.isEmpty()) {
            return f -> true;
        }
        return f -> ORDER.compare(f, first.get()) >= 0;
    }
}
