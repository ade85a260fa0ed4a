package io.fsmon.history;

import io.fsmon.event.FileEvent;
import io.fsmon.log.CanonicalFields;
import io.fsmon.log.EventFormat;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Scans one {@link Range}: reads it in large chunks, cuts them at line ends, and examines only
 * the lines the {@link Prefilter} cannot rule out. When the path, process, user or type filters
 * give a literal to search for ({@link Literals}), each chunk is searched for it in one pass that
 * also stops at line ends and backslashes, as {@code grep -F} searches for its literal: a line
 * holding neither the literal nor a backslash is ruled out by a glance at its head and its end.
 *
 * <p>Malformed lines are counted whatever the filter: a line the prefilter would rule out, or that
 * the literal search skips, is still parsed (and counted when it is no event) unless it has the
 * writer's head and its closing brace, which a line cut short by a crash lacks. So the count of
 * the lines read does not depend on the paths, types or users asked for; a time window still
 * decides which files and parts of files are read at all. A torn last line is always counted.
 *
 * <p>When asked for lines (JSON output), a selected line that {@link JsonLines#isCanonical} is
 * kept as it is; if moreover the query selects by time and type only, such a line is not parsed
 * at all: its head, which {@link Prefilter} reads exactly for a canonical line, decides it.
 *
 * <p>A line that is the writer's own ({@link CanonicalFields}) is tested in place
 * ({@link CanonicalTest}) and, when selected, copied (JSON) or formatted straight from its bytes
 * (CSV and human, {@code render}, on the scanning threads): no event is built unless the consumer
 * needs one (sorting, {@code changes}, the library's events). Any other line is read by
 * {@link JsonLines} and tested as an event.
 *
 * <p>One instance per thread: it owns its buffer and its JSON reader.
 */
final class LineScanner {
    private static final int CHUNK = 1 << 20;

    private final Query query;
    private final Prefilter pre;
    /** Keep canonical lines (see the class comment). */
    private final boolean lines;
    /** Select canonical lines by their head alone, unparsed. */
    private final boolean byHead;
    /** Select canonical lines by their head and their path's bytes, unparsed: one plain path glob. */
    private final boolean byPath;
    /** Formats each selected event in this thread (CSV, human), or null: the consumer's job. */
    private final EventFormat render;
    /** Keep only the latest event per path of each range ({@code changes}). */
    private final boolean latest;
    private JsonLines json;
    /** The canonical line being examined, read in place. */
    private final CanonicalFields fields = new CanonicalFields();
    private final CanonicalTest test;
    private byte[] buf = new byte[CHUNK];
    /** With literals to search for: they, line ends and backslashes, found in one pass. */
    private ByteSearch.Needles needles;

    // per range
    private List<Match> events;
    private List<Span> spans;
    private int malformed;
    private String damage;

    LineScanner(Query query, Prefilter pre, boolean lines) {
        this(query, pre, lines, null, false);
    }

    /**
     * @param render formats each selected event here, on the scanning thread, into {@link Match#line()}
     * @param latest keep only the latest selected event of each path ({@code changes})
     */
    LineScanner(Query query, Prefilter pre, boolean lines, EventFormat render, boolean latest) {
        this.query = query;
        this.pre = pre;
        this.lines = lines;
        this.render = render;
        this.latest = latest;
        this.byHead = lines && query.sort() == null && query.selectsByTimeAndType();
        this.byPath = lines && query.sort() == null && pre.exactPath != null;
        this.test = new CanonicalTest(query, pre);
    }

    RangeResult scan(Range r) throws IOException {
        events = new ArrayList<>();
        spans = new ArrayList<>();
        malformed = 0;
        damage = null;
        boolean stopped = r.file().compressed() ? scanCompressed(r) : scanPlain(r);
        if (latest) {
            events = latestPerPath(events);
        }
        return new RangeResult(r, events, malformed, spans, stopped, damage);
    }

    /**
     * The latest event (by time; on a tie the last written) of each path: what {@code changes}
     * keeps of the whole history, kept of each range first so that the merge has little to do.
     */
    static List<Match> latestPerPath(List<Match> matches) {
        java.util.Map<String, Match> out = new java.util.LinkedHashMap<>();
        for (Match m : matches) {
            FileEvent e = m.event();
            if (!e.type().isMarker() && e.path() != null) {
                out.merge(e.path(), m, (old, now) -> now.event().time().isBefore(old.event().time()) ? old : now);
            }
        }
        return new ArrayList<>(out.values());
    }

    private boolean scanPlain(Range r) throws IOException {
        try (FileChannel ch = FileChannel.open(r.file().path(), StandardOpenOption.READ)) {
            long pos = r.start();
            if (pos > 0 && !newlineBefore(ch, pos)) {
                pos = nextLineStart(ch, pos); // the line holding 'start' belongs to the range before
                if (pos < 0) {
                    return false;
                }
            }
            int carry = 0;
            while (pos < r.end()) {
                int n = ch.read(ByteBuffer.wrap(buf, carry, buf.length - carry), pos + carry);
                int avail = carry + Math.max(n, 0);
                int last = lastNewline(buf, avail);
                if (last < 0) {
                    if (n <= 0) {
                        tornTail(avail);
                        return false;
                    }
                    buf = Arrays.copyOf(buf, buf.length * 2); // one line longer than the buffer
                    carry = avail;
                    continue;
                }
                int cut = last + 1;
                boolean lastChunk = false;
                if (pos + cut > r.end()) { // keep only lines that start before the range's end
                    cut = ByteSearch.indexOf(buf, (int) (r.end() - pos - 1), avail, (byte) '\n') + 1;
                    lastChunk = true;
                }
                if (scanChunk(cut)) {
                    return true;
                }
                if (lastChunk) {
                    return false;
                }
                carry = avail - cut;
                System.arraycopy(buf, cut, buf, 0, carry);
                pos += cut;
                if (n <= 0) {
                    tornTail(carry);
                    return false;
                }
            }
            return false;
        }
    }

    /**
     * Stream-decodes a compressed file. A file cut short (or damaged further on) yields every whole
     * line before the damage; one that is not gzip at all yields nothing; either way the file is
     * named in {@link RangeResult#damage()} and the scan goes on with the next file.
     */
    private boolean scanCompressed(Range r) throws IOException {
        InputStream in;
        try {
            in = r.file().open(); // closed by it when the gzip header is damaged
        } catch (EOFException | ZipException e) {
            damage = e.getMessage();
            return false;
        }
        try (in) {
            int carry = 0;
            while (true) {
                int avail = carry;
                boolean eof = false;
                try {
                    while (avail < buf.length) {
                        int n = in.read(buf, avail, buf.length - avail);
                        if (n < 0) {
                            eof = true;
                            break;
                        }
                        avail += n;
                    }
                } catch (EOFException | ZipException e) {
                    damage = e.getMessage(); // keep what was decoded up to here
                    eof = true;
                }
                int last = lastNewline(buf, avail);
                if (last < 0) {
                    if (eof) {
                        tornTail(avail);
                        return false;
                    }
                    buf = Arrays.copyOf(buf, buf.length * 2);
                    carry = avail;
                    continue;
                }
                int cut = last + 1;
                if (scanChunk(cut)) {
                    return true;
                }
                carry = avail - cut;
                System.arraycopy(buf, cut, buf, 0, carry);
                if (eof) {
                    tornTail(carry);
                    return false;
                }
            }
        }
    }

    /** A last line without its newline: the writer was cut off (or is writing it right now). */
    private void tornTail(int bytes) {
        if (bytes > 0) {
            malformed++;
        }
    }

    /** Examines the complete lines in {@code buf[0, len)}; true when the scan can stop. */
    private boolean scanChunk(int len) {
        byte[] a = buf;
        byte[][] scan = pre.literals.scan;
        if (scan != null) {
            if (needles == null) {
                // the literals, the line ends and backslashes in one pass, each literal anchored on
                // its bytes rarest in this history (a 64 KiB sample)
                byte[][] all = Arrays.copyOf(scan, scan.length + 2);
                all[scan.length] = NEWLINE;
                all[scan.length + 1] = BACKSLASH;
                needles = new ByteSearch.Needles(all, ByteSearch.histogram(a, 0, Math.min(len, 64 << 10)));
            }
            return scanByNeedle(a, len, scan.length);
        }
        int from = 0;
        while (from < len) {
            int to = ByteSearch.indexOf(a, from, len, (byte) '\n');
            if (examine(a, from, to)) {
                return true;
            }
            from = to + 1;
        }
        return false;
    }

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] BACKSLASH = {'\\'};

    /**
     * One pass over the chunk, stopping at each literal, line end and backslash, as {@code grep -F}
     * would at its literal: a line that holds a literal or a backslash (an escape may hide a
     * literal: see {@link Literals}) is examined; a line that holds neither is skipped unless it
     * may be a marker or is not a whole line of the writer's shape (its head and closing brace),
     * so that markers are always seen and a malformed line is counted whatever the filter.
     */
    private boolean scanByNeedle(byte[] a, int len, int literals) {
        int start = 0;
        while (start < len) {
            int hit = needles.next(a, start, len);
            if (hit < 0) {
                return false; // a chunk ends with a line end
            }
            int to = needles.which() == literals ? hit : ByteSearch.indexOf(a, hit, len, (byte) '\n');
            if ((to > hit || !skippable(a, start, to)) && examine(a, start, to)) {
                return true;
            }
            start = to + 1;
        }
        return false;
    }

    /** A line without a backslash the literals may rule out unparsed: the writer's shape, not a marker. */
    private static boolean skippable(byte[] a, int from, int to) {
        return to > from && a[to - 1] == '}' && Prefilter.writerShape(a, from, to) && !Prefilter.plainMarker(a, from, to);
    }

    /**
     * Examines the line {@code a[from, to)}; true when it lies past the window's end plus the
     * writer's skew, so no later line can be in the window.
     */
    private boolean examine(byte[] a, int from, int to) {
        boolean marker = true; // unknown until the head is read
        if (Prefilter.canonicalHead(a, from, to)) {
            if (pre.stopAt != null && Prefilter.compareTime(a, from, pre.stopAt) >= 0) {
                if (Prefilter.marker(a, from, to)) {
                    stopMarker(a, from, to); // the first line after a downtime is its GAP, however long it was
                }
                return true;
            }
            marker = Prefilter.marker(a, from, to);
            if (!marker) {
                if ((pre.since != null && Prefilter.compareTime(a, from, pre.since) < 0
                        || pre.until != null && Prefilter.compareTime(a, from, pre.until) >= 0
                        || !pre.wantedType(a, from, to)
                        || !pre.mayMatch(a, from, to)) && a[to - 1] == '}') {
                    return false; // a line cut short is parsed below, and counted as malformed
                }
            }
        }
        boolean canonical = false;
        if ((byHead || byPath) && !marker) {
            canonical = fields.read(a, from, to - from);
            if (canonical && byHead) {
                events.add(new Match(null, fields.copy())); // in the window, of a wanted type
                return false;
            }
            if (canonical) {
                // In the window, of a wanted type; the path decides, unparsed where its bytes tell.
                Prefilter.PathCheck c = pre.pathCheck(a, from, to);
                if (c == Prefilter.PathCheck.MATCH) {
                    events.add(new Match(null, fields.copy()));
                    return false;
                }
                if (c == Prefilter.PathCheck.NO_MATCH) {
                    return false;
                }
            }
        } else if (!marker && fields.read(a, from, to - from)) {
            selectCanonical(a, from, to); // tested, and printed, straight from its bytes
            return false;
        }
        if (json == null) {
            json = new JsonLines();
        }
        FileEvent e;
        try {
            e = json.parse(a, from, to - from);
        } catch (MalformedLineException x) {
            malformed++;
            return false;
        }
        if (e.type().isMarker()) {
            Span span = Span.of(e);
            if (span.overlaps(query.since(), query.until())) {
                spans.add(span);
            }
        }
        if (query.inWindow(e.time()) && query.test(e)) {
            byte[] line = render != null ? render.format(e).getBytes(StandardCharsets.UTF_8)
                    : lines && (canonical || fields.read(a, from, to - from)) ? fields.copy() : null;
            events.add(new Match(e, line));
        }
        return false;
    }

    /**
     * Selects the canonical line that {@link #fields} holds when the query does, without building
     * its event where the output needs none: JSON copies the line, CSV and human format its bytes.
     */
    private void selectCanonical(byte[] a, int from, int to) {
        if (!test.test(fields, a, from, to)) {
            return;
        }
        if (render != null) {
            byte[] line = render.formatCanonical(fields);
            if (line != null) {
                events.add(Match.formatted(line));
            } else {
                FileEvent e = fields.event();
                events.add(new Match(e, render.format(e).getBytes(StandardCharsets.UTF_8)));
            }
        } else if (lines) {
            // a sort compares events, many times each: parse the line once, here
            events.add(new Match(query.sort() != null ? fields.event() : null, fields.copy()));
        } else {
            events.add(new Match(fields.event(), null));
        }
    }

    /** A marker written after the window (the line the scan stops at) that may still cover it. */
    private void stopMarker(byte[] a, int from, int to) {
        if (json == null) {
            json = new JsonLines();
        }
        try {
            Span span = Span.of(json.parse(a, from, to - from));
            if (span.overlaps(query.since(), query.until())) {
                spans.add(span);
            }
        } catch (MalformedLineException x) {
            // counted where lines are examined; here the scan only ends
        }
    }

    private boolean newlineBefore(FileChannel ch, long pos) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        return ch.read(one, pos - 1) == 1 && one.get(0) == '\n';
    }

    /** The offset after the first newline at or after {@code pos}, or -1 if there is none. */
    static long nextLineStart(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        long p = pos;
        while (true) {
            b.clear();
            int n = ch.read(b, p);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) == '\n') {
                    return p + i + 1;
                }
            }
            p += n;
        }
    }

    private static int lastNewline(byte[] b, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

}
