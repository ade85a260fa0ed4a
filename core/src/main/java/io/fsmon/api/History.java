package io.fsmon.api;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.EventFilter;
import io.fsmon.filter.Glob;
import io.fsmon.history.Match;
import io.fsmon.history.QueryEngine;
import io.fsmon.history.QueryReport;
import io.fsmon.history.TimeSpec;
import io.fsmon.log.EventFormat;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The history fsmon's daemon writes (a folder of {@code events-*.jsonl} files, the older ones
 * gzipped), read with the filters of {@code fsmon query}. Reading needs no daemon and no root,
 * only read access to the files.
 *
 * <pre>{@code
 * History history = History.open(Path.of("/var/lib/fsmon/history"));
 * try (Stream<FileEvent> events = history.query().path("/etc/**").since(Instant.now().minus(Duration.ofDays(1))).stream()) {
 *     events.forEach(e -> System.out.println(e.path() + " " + e.actor().user()));
 * }
 * }</pre>
 *
 * <p>Spans where events may be missing (the kernel's queue overflowed, the daemon was down) are
 * {@link EventType#OVERFLOW} and {@link EventType#GAP} events in the results, whatever the filters.
 * Lines that cannot be read are skipped and counted in {@link Result#warnings()}.
 */
public final class History {
    private final Path dir;

    private History(Path dir) {
        this.dir = dir;
    }

    /**
     * A history folder.
     *
     * @param dir the folder holding {@code events-*.jsonl}
     * @return the history
     * @throws HistoryNotFoundException if the folder is missing, not a folder, or not readable
     */
    public static History open(Path dir) throws HistoryNotFoundException {
        Objects.requireNonNull(dir, "dir");
        String problem = !Files.exists(dir)
                ? "no history at " + dir + " (start 'fsmon daemon', or name the folder holding events-*.jsonl)"
                : !Files.isDirectory(dir) ? dir + " is not a folder (a history is the folder holding events-*.jsonl)"
                : !Files.isReadable(dir) ? "cannot read " + dir + ": permission denied" : null;
        if (problem != null) {
            throw new HistoryNotFoundException(problem, null);
        }
        return new History(dir);
    }

    /**
     * The folder read.
     *
     * @return the folder given to {@link #open}
     */
    public Path directory() {
        return dir;
    }

    /**
     * The hosts of a central history ({@code fsmon collect} writes one folder per host,
     * {@code DIR/HOST/}) whose name matches a glob, by name.
     *
     * @param glob the pattern, e.g. {@code web-*}; {@code *} for every host
     * @return the host names
     * @throws IllegalArgumentException if the glob is malformed or no host matches (the message names the hosts there are)
     * @throws IOException if the folder cannot be listed
     */
    public List<String> hosts(String glob) throws IOException {
        return CentralHosts.matching(dir, glob).stream().map(p -> p.getFileName().toString()).toList();
    }

    /**
     * A new query of this history: every event, in the order written, until narrowed.
     *
     * @return a query to narrow and run
     */
    public Query query() {
        return new Query(dir);
    }

    /** Orders of a query's results. */
    public enum Sort {
        /** Oldest first. */
        TIME,
        /** Largest file (size after the event) first; unknown sizes last. */
        SIZE,
        /** Lowest pid first; events without a process (markers) last. */
        PID
    }

    /**
     * What a query found besides its events.
     *
     * @param matched  how many events it delivered
     * @param warnings one line each: damaged files, skipped malformed lines, spans where the
     *                 results may be incomplete (the command line prints them on stderr)
     */
    public record Result(long matched, List<String> warnings) {
        /**
         * Copies the warnings.
         *
         * @param matched  how many events it delivered
         * @param warnings the warning lines
         */
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A query: filters, window and order, then one of {@link #stream()}, {@link #forEach} or
     * {@link #writeTo} runs it. A query may be run more than once. Not thread-safe.
     */
    public static final class Query {
        private final Path dir;
        private Instant since;
        private Instant until;
        private Set<EventType> types;
        private final List<Glob> paths = new ArrayList<>();
        private final List<Glob> excludes = new ArrayList<>();
        private Long minSize;
        private final Set<Integer> pids = new LinkedHashSet<>();
        private Glob command;
        private final Set<String> users = new LinkedHashSet<>();
        private Glob ancestor;
        private Sort sort;
        private Integer limit;
        private boolean reverse;
        private boolean changes;
        private String hosts;

        private Query(Path dir) {
            this.dir = dir;
        }

        /**
         * Only events at or after this instant.
         *
         * @param since the first instant (inclusive)
         * @return this query
         */
        public Query since(Instant since) {
            this.since = since;
            return this;
        }

        /**
         * Only events at or after a time written as {@code fsmon query --since} takes it: back
         * from now ({@code 45s}, {@code 30m}, {@code 2h}, {@code 7d}), local ({@code 2026-05-01},
         * {@code 2026-05-01 10:00}, {@code 2026-05-01 10:00:30}) or RFC 3339.
         *
         * @param time the first time (inclusive)
         * @return this query
         * @throws IllegalArgumentException if the text is none of these forms (the message says which are)
         */
        public Query since(String time) {
            return since(TimeSpec.parse(time));
        }

        /**
         * Only events before a time written as {@link #since(String)} takes it.
         *
         * @param time the end of the window (exclusive)
         * @return this query
         * @throws IllegalArgumentException if the text is none of the forms
         */
        public Query until(String time) {
            return until(TimeSpec.parse(time));
        }

        /**
         * Only events before this instant.
         *
         * @param until the end of the window (exclusive)
         * @return this query
         */
        public Query until(Instant until) {
            this.until = until;
            return this;
        }

        /**
         * Only events of these types (default: every type recorded). Markers always pass.
         *
         * @param types one or more types
         * @return this query
         */
        public Query types(EventType... types) {
            this.types = types.length == 0 ? null : EnumSet.copyOf(Arrays.asList(types));
            return this;
        }

        /**
         * Only events whose path, or old path for a rename, matches the glob. Repeatable: any of
         * them. {@code *} any characters but {@code /}, {@code **} any characters, {@code ?} one.
         *
         * @param glob the pattern, e.g. {@code /etc/**}
         * @return this query
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Query path(String glob) {
            paths.add(Glob.compile(glob));
            return this;
        }

        /**
         * Leaves out events whose path matches the glob. Repeatable.
         *
         * @param glob the pattern; one without {@code /} matches the file name anywhere
         * @return this query
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Query exclude(String glob) {
            excludes.add(Glob.compile(glob));
            return this;
        }

        /**
         * Only events whose file was at least this large after the event.
         *
         * @param bytes the smallest size
         * @return this query
         */
        public Query minSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("minimum size must not be negative: " + bytes);
            }
            this.minSize = bytes;
            return this;
        }

        /**
         * Only events by this process. Repeatable: any of them.
         *
         * @param pid a process id
         * @return this query
         */
        public Query pid(int pid) {
            pids.add(pid);
            return this;
        }

        /**
         * Only events by processes whose command name, program name or command line matches.
         *
         * @param glob the pattern, e.g. {@code rsync}
         * @return this query
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Query command(String glob) {
            this.command = Glob.compile(glob);
            return this;
        }

        /**
         * Only events by this user (a name, or a uid in decimal). Repeatable: any of them.
         *
         * @param user a user name or uid
         * @return this query
         */
        public Query user(String user) {
            users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /**
         * Only events whose recorded ancestry (a monitor run with the chain on) holds a process
         * whose command matches the glob, or whose pid is the given number.
         *
         * @param nameOrPid a command glob or a pid
         * @return this query
         */
        public Query ancestor(String nameOrPid) {
            this.ancestor = Glob.compile(nameOrPid);
            return this;
        }

        /**
         * The order of the results (default: the order written, which is time order up to the
         * writer's 5 s skew, and streams without holding the results in memory).
         *
         * @param sort the order
         * @return this query
         */
        public Query sort(Sort sort) {
            this.sort = sort;
            return this;
        }

        /**
         * At most this many events, after sorting.
         *
         * @param limit the most events to deliver
         * @return this query
         */
        public Query limit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must not be negative: " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * Reverses the order; with {@link #limit}, the last events instead of the first.
         *
         * @param reverse whether to reverse
         * @return this query
         */
        public Query reverse(boolean reverse) {
            this.reverse = reverse;
            return this;
        }

        /**
         * Reads a central history ({@code fsmon collect}: one folder per host, {@code DIR/HOST/},
         * each in the daemon's layout), only the hosts whose folder name matches the glob: each
         * host's results in turn, hosts by name, with the window, filters, order and limit applying
         * within each host, as {@code fsmon query --host} does. {@link #forEachByHost} says each
         * event's host; {@link #writeTo} puts it in each line (a {@code host} field in JSON, a first
         * column in CSV, a prefix in the human format); a warning starts with its host's name.
         *
         * @param glob the pattern, e.g. {@code web-*}; {@code *} for every host
         * @return this query
         * @throws IllegalArgumentException if the pattern is malformed (a glob matching no host
         *                                  is refused when the query runs, naming the hosts there are)
         */
        public Query host(String glob) {
            Glob.compile(glob);
            this.hosts = glob;
            return this;
        }

        /**
         * Turns the query into {@code fsmon changes}: the latest selected event of every path,
         * oldest first unless sorted otherwise.
         *
         * @return this query
         */
        public Query changes() {
            this.changes = true;
            return this;
        }

        /**
         * Runs the query, handing each event to {@code consumer} on the calling thread.
         *
         * @param consumer receives the events in the query's order
         * @return how many events matched, and the warnings
         * @throws IOException if the history cannot be read
         * @throws IllegalArgumentException if {@code since} is not before {@code until}, or no host matches
         */
        public Result forEach(Consumer<? super FileEvent> consumer) throws IOException {
            return forEachByHost((host, e) -> consumer.accept(e));
        }

        /**
         * Runs the query as {@link #forEach} does, handing each event with its host: the name of its
         * folder of a central history ({@link #host}), or null for a history of one host.
         *
         * @param consumer receives the host and the event, in the query's order
         * @return how many events matched, and the warnings
         * @throws IOException if the history cannot be read
         * @throws IllegalArgumentException if {@code since} is not before {@code until}, or no host matches
         */
        public Result forEachByHost(java.util.function.BiConsumer<String, ? super FileEvent> consumer) throws IOException {
            io.fsmon.history.Query q = internal();
            long matched = 0;
            List<String> warnings = new ArrayList<>();
            for (Path d : folders()) {
                String host = hosts == null ? null : d.getFileName().toString();
                QueryEngine engine = new QueryEngine(new HistoryLayout(d));
                QueryReport report = changes ? engine.changes(q, e -> consumer.accept(host, e))
                        : engine.query(q, e -> consumer.accept(host, e));
                matched += report.matched();
                report.warnings().forEach(w -> warnings.add(host == null ? w : host + ": " + w));
            }
            return new Result(matched, warnings);
        }

        /** The folders the query reads: the history's, or the matching hosts' of a central one. */
        private List<Path> folders() throws IOException {
            return hosts == null ? List.of(dir) : CentralHosts.matching(dir, hosts);
        }

        /**
         * Runs the query and writes the events to {@code out} in a format, the fastest way there
         * is: a history line that is already what {@link OutputFormat#JSON} would write is copied
         * as it is. Writes the format's header first; flushes {@code out} at the end.
         *
         * @param out    where the lines go (UTF-8, one per event, each ending with a newline)
         * @param format the format
         * @return how many events matched, and the warnings
         * @throws IOException if the history cannot be read or {@code out} cannot be written
         * @throws IllegalArgumentException if {@code since} is not before {@code until}, or no host matches
         */
        public Result writeTo(OutputStream out, OutputFormat format) throws IOException {
            io.fsmon.history.Query q = internal();
            List<Path> folders = folders();
            long matched = 0;
            List<String> warnings = new ArrayList<>();
            for (int i = 0; i < folders.size(); i++) {
                Path d = folders.get(i);
                String host = hosts == null ? null : d.getFileName().toString();
                OutputStream to = host == null ? out : CentralHosts.labelled(out, host, format, i == 0);
                Result r = writeTo(d, q, to, format);
                matched += r.matched();
                r.warnings().forEach(w -> warnings.add(host == null ? w : host + ": " + w));
            }
            return new Result(matched, warnings);
        }

        private Result writeTo(Path d, io.fsmon.history.Query q, OutputStream out, OutputFormat format) throws IOException {
            EventFormat f = format.internal();
            QueryEngine engine = new QueryEngine(new HistoryLayout(d));
            // one write per 64 KiB, not per line
            BufferedOutputStream lines = new BufferedOutputStream(out, 1 << 16);
            if (f.header() != null) {
                lines.write((f.header() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            QueryReport report;
            try {
                if (changes) {
                    report = engine.changes(q, e -> write(lines, f, e));
                } else if (f instanceof JsonLines) {
                    report = engine.queryLines(q, m -> write(lines, f, m));
                } else { // formatted on the scanning threads where the query streams
                    report = engine.queryFormatted(q, format::internal, m -> write(lines, f, m));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                lines.flush();
            }
            return new Result(report.matched(), report.warnings());
        }

        /**
         * Runs the query and returns its events as a stream that reads the history as it is
         * consumed; close the stream (try-with-resources) to close the files early. The warnings
         * go to {@code warnings} once the stream has been read to its end.
         *
         * @param warnings receives the warning lines of {@link Result#warnings()}
         * @return the events in the query's order
         * @throws IllegalArgumentException if {@code since} is not before {@code until}, or no host matches
         * @throws UncheckedIOException if the folder of a central history cannot be listed
         */
        public Stream<FileEvent> stream(Consumer<String> warnings) {
            io.fsmon.history.Query q = internal();
            List<Path> folders;
            try {
                folders = folders();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return QueryStream.of(consumer -> {
                for (Path d : folders) {
                    String host = hosts == null ? null : d.getFileName().toString();
                    QueryEngine engine = new QueryEngine(new HistoryLayout(d));
                    QueryReport r = changes ? engine.changes(q, consumer) : engine.query(q, consumer);
                    r.warnings().forEach(w -> warnings.accept(host == null ? w : host + ": " + w));
                }
            });
        }

        /**
         * {@link #stream(Consumer)} with the warnings dropped.
         *
         * @return the events in the query's order
         */
        public Stream<FileEvent> stream() {
            return stream(w -> { });
        }

        // package-private: the equivalence test runs the same query through a plain parse of every line
        io.fsmon.history.Query internal() {
            EventFilter filter = EventFilter.of(types, excludes, minSize, pids, command, users);
            io.fsmon.history.Query.Sort s = sort == null ? null : io.fsmon.history.Query.Sort.valueOf(sort.name());
            return new io.fsmon.history.Query(filter, paths, ancestor, since, until, s, limit, reverse);
        }

        private static void write(OutputStream out, EventFormat format, FileEvent e) {
            try {
                format.write(e, out);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }

        /** A match's line is what the format prints for its event (a canonical history line, for JSON): copied as it is. */
        private static void write(OutputStream out, EventFormat format, Match m) {
            if (m.line() == null) {
                write(out, format, m.event());
                return;
            }
            try {
                out.write(m.line());
                out.write('\n');
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
    }
}
