package io.fsmon.daemon;

import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryLayout.HistoryFile;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures how far behind the shipper is ({@link ShipLag}) when status asks, without reading the
 * whole unsent backlog each time: a file's line count is remembered by (path, size, mtime), a file
 * that grew is counted from where the last count stopped, and only the checkpoint's own file is
 * read from the checkpoint on (at most one history file, usually the current one's tail).
 */
final class ShipBacklog {
    /** Opens a history file's text at an offset: the edge a test counts. */
    interface Opener {
        InputStream open(HistoryFile f, long from) throws IOException;
    }

    /** What a file (or its part from an offset) holds: newlines, bytes of text, the first line's time. */
    private record Count(long size, FileTime mtime, long lines, long bytes, Instant first) {
    }

    private final Opener opener;
    private final Map<Path, Count> counted = new HashMap<>();

    ShipBacklog() {
        this(ShipBacklog::openAt);
    }

    ShipBacklog(Opener opener) {
        this.opener = opener;
    }

    static InputStream openAt(HistoryFile f, long from) throws IOException {
        InputStream in = f.open();
        try {
            in.skipNBytes(from);
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The lines and bytes after checkpoint {@code c} (null: nothing shipped yet) and the first one's time. */
    synchronized ShipLag measure(List<HistoryFile> files, ShipCheckpoint c) {
        long events = 0;
        long bytes = 0;
        Instant oldest = null;
        Set<Path> present = new HashSet<>();
        for (HistoryFile f : files) {
            present.add(f.path());
            String stem = ShipCheckpoint.stem(f.path());
            int cmp = c == null ? 1 : HistoryLayout.compareStems(stem, c.file());
            if (cmp < 0) {
                continue;
            }
            try {
                Count n = cmp == 0 && c.offset() > 0 ? tail(f, c.offset()) : whole(f);
                events += n.lines();
                bytes += n.bytes();
                oldest = oldest == null ? n.first() : oldest;
            } catch (IOException e) {
                // deleted or compressed meanwhile: counted at the next status
            }
        }
        counted.keySet().retainAll(present);
        return new ShipLag(events, bytes, oldest);
    }

    /** A whole file: remembered while its size and mtime stay; a plain file that grew is counted on. */
    private Count whole(HistoryFile f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f.path(), BasicFileAttributes.class);
        Count known = counted.get(f.path());
        if (known != null && known.size() == a.size() && known.mtime().equals(a.lastModifiedTime())) {
            return known;
        }
        Count n;
        if (known != null && !f.compressed() && a.size() > known.size()) { // appended to: count the new part
            Count more = count(f, known.size(), a.size());
            n = new Count(a.size(), a.lastModifiedTime(), known.lines() + more.lines(), known.bytes() + more.bytes(),
                    known.first() != null || known.bytes() > 0 ? known.first() : more.first());
        } else {
            Count all = count(f, 0, f.compressed() ? Long.MAX_VALUE : a.size());
            n = new Count(a.size(), a.lastModifiedTime(), all.lines(), all.bytes(), all.first());
        }
        counted.put(f.path(), n);
        return n;
    }

    /** The checkpoint's file from the checkpoint on. */
    private Count tail(HistoryFile f, long from) throws IOException {
        return count(f, from, f.compressed() ? Long.MAX_VALUE : Files.size(f.path()));
    }

    /** Reads text {@code [from, to)} (to the end when the file is shorter). */
    private Count count(HistoryFile f, long from, long to) throws IOException {
        long lines = 0;
        long bytes = 0;
        Instant first = null;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = opener.open(f, from)) {
            int n;
            while (bytes < to - from && (n = in.read(buf, 0, (int) Math.min(buf.length, to - from - bytes))) > 0) {
                if (bytes == 0) {
                    first = firstTime(buf, n);
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                bytes += n;
            }
        }
        return new Count(0, null, lines, bytes, first);
    }

    /**
     * The events of {@code f} from text offset {@code from} as a GAP marker's fields (since: the
     * first one's time, until: the last one's, dropped: how many), for retention deleting them
     * unsent; what cannot be read is not counted.
     */
    static FileEvent unsentEvents(HistoryFile f, long from) {
        long count = 0;
        Instant first = null;
        Instant last = null;
        JsonLines json = new JsonLines();
        try (InputStream in = openAt(f, from)) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                try {
                    FileEvent e = json.parse(l);
                    first = first == null ? e.time() : first;
                    last = e.time();
                    count++;
                } catch (MalformedLineException torn) {
                    // not an event
                }
            }
        } catch (IOException e) {
            // unreadable: the GAP says what is known
        }
        return FileEvent.gap(Instant.now(), first, last, count);
    }

    private static Instant firstTime(byte[] b, int len) {
        int nl = 0;
        while (nl < len && b[nl] != '\n') {
            nl++;
        }
        try {
            return new JsonLines().parse(new String(b, 0, nl, StandardCharsets.UTF_8)).time();
        } catch (MalformedLineException e) {
            return null;
        }
    }
}
