package io.fsmon.history;

import io.fsmon.event.FileEvent;
import io.fsmon.log.EventFormat;
import io.fsmon.log.HistoryLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Answers {@code query} and {@code changes} from the history files. Ranges (see {@link Planner})
 * are scanned on {@code threads} threads; their results are consumed strictly in order, so the
 * output keeps the history's order; at most two ranges per thread are in flight, so memory stays
 * bounded however much matches.
 */
public final class QueryEngine {
    /** Below this many bytes to read, one thread reads them all. */
    static final long SMALL = 16L << 20;
    private final HistoryLayout layout;
    private final int threads;
    private final long small;

    /**
     * An engine using as many threads as there are processors, at most 4 and at least 1; one
     * thread alone for fewer than {@link #SMALL} bytes.
     */
    public QueryEngine(HistoryLayout layout) {
        this(layout, Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4), SMALL);
    }

    /** An engine using {@code threads} threads whenever there is more than one range to read. */
    public QueryEngine(HistoryLayout layout, int threads) {
        this(layout, threads, 0);
    }

    private QueryEngine(HistoryLayout layout, int threads, long small) {
        this.layout = layout;
        this.threads = threads;
        this.small = small;
    }

    /** Runs the query, handing the selected events to {@code out} in the query's order. */
    public QueryReport query(Query q, Consumer<FileEvent> out) throws IOException {
        return query(q, m -> out.accept(m.event()), false, null);
    }

    /**
     * Runs the query for JSON-lines output: a selected event whose history line is exactly what
     * {@link io.fsmon.log.JsonLines} writes for it comes with that line ({@link Match#line()}),
     * often without having been parsed at all; print it as it is.
     */
    public QueryReport queryLines(Query q, Consumer<Match> out) throws IOException {
        return query(q, out, true, null);
    }

    /**
     * Runs the query for output in another format: when the query streams (no sort, no reverse),
     * each selected event comes formatted by the scanning thread ({@link Match#line()}, from an
     * instance of {@code format} per thread), so that formatting is spread over the threads too.
     */
    public QueryReport queryFormatted(Query q, Supplier<EventFormat> format, Consumer<Match> out) throws IOException {
        return query(q, out, false, q.sort() == null && !q.reverse() ? format : null);
    }

    private QueryReport query(Query q, Consumer<Match> out, boolean lines, Supplier<EventFormat> render) throws IOException {
        Collector c = new Collector();
        boolean streaming = q.sort() == null && !q.reverse();
        if (streaming) {
            long[] n = {0};
            Integer limit = q.limit();
            scan(q, e -> {
                if (limit != null && n[0] >= limit) {
                    return false;
                }
                out.accept(e);
                n[0]++;
                return limit == null || n[0] < limit;
            }, c, () -> new LineScanner(q, new Prefilter(q), lines, render == null ? null : render.get(), false));
            return c.report(n[0]);
        }
        List<Match> all = new ArrayList<>();
        if (q.sort() == null && q.limit() != null) { // --reverse --limit N: the last N in write order
            ArrayDeque<Match> last = new ArrayDeque<>();
            int limit = q.limit();
            scan(q, e -> {
                if (limit > 0) {
                    if (last.size() == limit) {
                        last.removeFirst();
                    }
                    last.addLast(e);
                }
                return true;
            }, c, () -> new LineScanner(q, new Prefilter(q), lines));
            all.addAll(last);
        } else {
            scan(q, e -> all.add(e) || true, c, () -> new LineScanner(q, new Prefilter(q), lines));
        }
        return c.report(emit(q, all, out, Match::event));
    }

    /** The latest event (by time; on a tie the last written) for every path selected by the query. */
    public QueryReport changes(Query q, Consumer<FileEvent> out) throws IOException {
        Collector c = new Collector();
        Map<String, FileEvent> latest = new HashMap<>();
        scan(q, m -> {
            FileEvent e = m.event();
            if (!e.type().isMarker() && e.path() != null) {
                latest.merge(e.path(), e, (old, now) -> now.time().isBefore(old.time()) ? old : now);
            }
            return true;
        }, c, () -> new LineScanner(q, new Prefilter(q), false, null, true));
        List<FileEvent> all = new ArrayList<>(latest.values());
        all.sort(Query.Sort.TIME.order.thenComparing(FileEvent::path));
        Query ordered = q.sort() == null ? new Query(q.filter(), q.paths(), q.ancestor(), q.since(), q.until(),
                Query.Sort.TIME, q.limit(), q.reverse()) : q;
        return c.report(emit(ordered, all, out, e -> e));
    }

    private static <T> long emit(Query q, List<T> all, Consumer<T> out, java.util.function.Function<T, FileEvent> event) {
        if (q.sort() != null) {
            all.sort(java.util.Comparator.comparing(event, q.sort().order)); // stable: equal keys keep write order
        }
        if (q.reverse()) {
            Collections.reverse(all);
        }
        int n = q.limit() == null ? all.size() : Math.min(q.limit(), all.size());
        for (int i = 0; i < n; i++) {
            out.accept(all.get(i));
        }
        return n;
    }

    /**
     * The files to read: where both {@code X.jsonl} and {@code X.jsonl.gz} exist, compression was
     * interrupted after the compressed copy was renamed into place and before the original was
     * removed: both are whole, read the original only.
     */
    static List<HistoryLayout.HistoryFile> readable(List<HistoryLayout.HistoryFile> files) {
        java.util.Set<String> plain = new java.util.HashSet<>();
        for (HistoryLayout.HistoryFile f : files) {
            if (!f.compressed()) {
                plain.add(f.day() + "/" + f.sequence());
            }
        }
        return files.stream().filter(f -> !f.compressed() || !plain.contains(f.day() + "/" + f.sequence())).toList();
    }

    /** A consumer that answers false once it wants no more events. */
    private interface Sink {
        boolean accept(Match m);
    }

    private void scan(Query q, Sink sink, Collector c, Supplier<LineScanner> scanner) throws IOException {
        List<Range> ranges = Planner.plan(readable(layout.files()), q.since(), q.until());
        if (ranges.isEmpty()) {
            return;
        }
        AtomicBoolean stop = new AtomicBoolean();
        ThreadLocal<LineScanner> scanners = ThreadLocal.withInitial(scanner);
        // a small window (an hour is ~10 MB) is read sooner by this thread than by a pool it must start
        int parallel = small > 0 && Planner.bytes(ranges) < small ? 1 : Math.min(threads, ranges.size());
        ExecutorService pool = parallel <= 1 ? null : Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "fsmon-query");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<RangeResult>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < ranges.size() || !inFlight.isEmpty()) {
                while (next < ranges.size() && inFlight.size() < parallel * 2) {
                    Range r = ranges.get(next++);
                    java.util.concurrent.Callable<RangeResult> task = () -> stop.get() ? null : scanners.get().scan(r);
                    inFlight.add(pool == null ? java.util.concurrent.CompletableFuture.completedFuture(call(task))
                            : pool.submit(task));
                }
                RangeResult res = await(inFlight.removeFirst());
                if (res == null) {
                    continue;
                }
                c.add(res);
                for (Match m : res.events()) {
                    if (!sink.accept(m)) {
                        stop.set(true);
                        break;
                    }
                }
                if (res.stopped() || stop.get()) {
                    stop.set(true); // later ranges hold only later lines
                    inFlight.forEach(f -> f.cancel(false));
                    inFlight.clear();
                    next = ranges.size();
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static RangeResult call(java.util.concurrent.Callable<RangeResult> task) throws IOException {
        try {
            return task.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RangeResult await(Future<RangeResult> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("query interrupted");
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(t);
        }
    }

    /** Gathers malformed counts and incomplete spans across ranges. */
    private static final class Collector {
        private final Map<String, Integer> malformed = new LinkedHashMap<>();
        private final Map<String, String> damaged = new LinkedHashMap<>();
        private final List<Span> spans = new ArrayList<>();

        void add(RangeResult r) {
            if (r.malformed() > 0) {
                malformed.merge(r.range().file().path().getFileName().toString(), r.malformed(), Integer::sum);
            }
            if (r.damage() != null) {
                damaged.putIfAbsent(r.range().file().path().getFileName().toString(), r.damage());
            }
            spans.addAll(r.spans());
        }

        QueryReport report(long matched) {
            return new QueryReport(matched, malformed, damaged, Span.merge(spans));
        }
    }
}
