package io.fsmon.history;

import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryLayout.HistoryFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a time window into the byte ranges that can hold it: only the files whose day (widened by
 * the writer's {@link HistoryLayout#MAX_SKEW}) meets the window; inside an uncompressed file the
 * first and last byte found by binary search; the result cut into pieces for two threads.
 *
 * <p>The binary search is exact although lines are only nearly sorted. The writer promises that a
 * line's time is at most {@code MAX_SKEW} earlier than any line before it. So if the first line
 * at or after an offset is earlier than {@code since - MAX_SKEW}, every line before it is earlier
 * than {@code since}: the scan may start there. If it is at or after {@code until + MAX_SKEW},
 * every line from it on is at or after {@code until}: the scan may end there. Lines in between are
 * still checked one by one. The end is pushed out by {@link Prefilter#MARKER_LOOKAHEAD} so that a
 * marker written after the window about a loss inside it is still seen. And the first line past
 * the window is always read (in the next file if need be): after a downtime of the daemon, however
 * long, that line is the {@code GAP} marker covering it.
 */
final class Planner {
    /** Below this many bytes the binary search stops and the scan takes over. */
    private static final long SEARCH_GRAIN = 64 << 10;
    /** Pieces of a file scanned in parallel. */
    static final long PIECE = 32L << 20;

    private Planner() {
    }

    static List<Range> plan(List<HistoryFile> files, Instant since, Instant until) throws IOException {
        String from = since == null ? null : Prefilter.canonical(since.minus(HistoryLayout.MAX_SKEW));
        Instant last = until == null ? null : Prefilter.scanEnd(until);
        String to = last == null ? null : Prefilter.canonical(last);
        List<Range> out = new ArrayList<>();
        boolean pastSeen = false;
        for (HistoryFile f : files) {
            if (since != null && !f.dayEnd().plus(HistoryLayout.MAX_SKEW).isAfter(since)) {
                continue;
            }
            if (last != null && !f.dayStart().minus(HistoryLayout.MAX_SKEW).isBefore(last)) {
                if (!pastSeen && !f.compressed()) {
                    out.add(new Range(f, 0, 1)); // its first line: see firstLinePast
                }
                pastSeen = true;
                continue;
            }
            if (f.compressed()) {
                out.add(new Range(f, 0, Long.MAX_VALUE));
                continue;
            }
            try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
                long size = ch.size();
                long start = from == null ? 0 : searchStart(ch, size, from);
                long end = to == null ? Long.MAX_VALUE : searchEnd(ch, start, size, to);
                Probe head = to == null ? null : probe(ch, start, size);
                if (head != null && head.time.compareTo(to) >= 0) {
                    // the first line read is already past the window: so is every later one
                    if (head.offset == start) {
                        // nothing to read in this file (the next day's first file, typically) but
                        // its first line, which may be the GAP of a downtime covering the window
                        if (!pastSeen) {
                            out.add(new Range(f, start, start + 1));
                        }
                        pastSeen = true;
                        continue;
                    }
                    end = Math.min(end, head.offset);
                }
                if (end == Long.MAX_VALUE || end >= size) {
                    // the newest file grows while we read: scan to its end as found then
                    end = Long.MAX_VALUE;
                } else {
                    end++; // the first line past the window is read too (see the class comment)
                    pastSeen = true;
                }
                split(f, start, end, size, out);
            } catch (NoSuchFileException e) {
                // removed by clean between listing and opening: it held nothing we could still read
            }
        }
        return out;
    }

    /** Roughly how many bytes the ranges cover (a range to the end of its file counts the file's size now). */
    static long bytes(List<Range> ranges) throws IOException {
        long n = 0;
        for (Range r : ranges) {
            long end = r.end();
            if (end == Long.MAX_VALUE) {
                try {
                    end = java.nio.file.Files.size(r.file().path());
                } catch (NoSuchFileException e) {
                    end = r.start();
                }
            }
            n += Math.max(0, end - r.start());
        }
        return n;
    }

    private static void split(HistoryFile f, long start, long end, long size, List<Range> out) {
        long last = Math.min(end, size);
        long p = start;
        while (last - p > PIECE + PIECE / 2) {
            out.add(new Range(f, p, p + PIECE));
            p += PIECE;
        }
        if (p < last || end == Long.MAX_VALUE) {
            out.add(new Range(f, p, end));
        }
    }

    /** An offset before which every line is earlier than the window (see the class comment). */
    static long searchStart(FileChannel ch, long size, String from) throws IOException {
        long lo = 0;
        long hi = size;
        while (hi - lo > SEARCH_GRAIN) {
            long mid = lo + (hi - lo) / 2;
            Probe p = probe(ch, mid, size);
            if (p != null && p.time.compareTo(from) < 0) {
                lo = p.offset; // every line before this one is earlier than the window
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** An offset from which every line is at or after the window's end. */
    static long searchEnd(FileChannel ch, long lo, long size, String to) throws IOException {
        long hi = size;
        long end = Long.MAX_VALUE;
        while (hi - lo > SEARCH_GRAIN) {
            long mid = lo + (hi - lo) / 2;
            Probe p = probe(ch, mid, size);
            if (p != null && p.time.compareTo(to) >= 0) {
                hi = mid;
                end = p.offset; // the first canonical line at or after mid: it and all later are past
            } else {
                lo = mid;
            }
        }
        return end;
    }

    private record Probe(long offset, String time) {
    }

    /** The first line starting after {@code pos} whose head is canonical, within 64 KiB; or null. */
    private static Probe probe(FileChannel ch, long pos, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 << 10);
        int n = ch.read(b, pos);
        if (n <= 0) {
            return null;
        }
        byte[] a = b.array();
        int from = pos == 0 ? 0 : ByteSearch.indexOf(a, 0, n, (byte) '\n') + 1;
        while (from > 0 || pos == 0) {
            int to = ByteSearch.indexOf(a, from, n, (byte) '\n');
            if (to < 0) {
                return null;
            }
            if (Prefilter.canonicalHead(a, from, to)) {
                return new Probe(pos + from, new String(a, from + Prefilter.TIME_AT, Prefilter.TIME_LEN, StandardCharsets.US_ASCII));
            }
            from = to + 1;
        }
        return null;
    }
}
