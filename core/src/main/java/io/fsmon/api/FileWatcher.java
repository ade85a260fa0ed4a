package io.fsmon.api;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.EventFilter;
import io.fsmon.filter.Glob;
import io.fsmon.monitor.DeferredAttribution;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.MonitorConfig;
import io.fsmon.monitor.MonitorException;
import io.fsmon.monitor.MonitorStats;
import io.fsmon.monitor.ProcessAttribution;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A running watch of files and directory trees through fanotify, each event attributed to the
 * process and user that made it.
 *
 * <pre>{@code
 * try (FileWatcher watcher = FileWatcher.builder()
 *         .watch(Path.of("/srv/app"), true)
 *         .start(e -> System.out.println(e.type() + " " + e.path() + " by " + e.actor()))) {
 *     watcher.awaitTermination();
 * }
 * }</pre>
 *
 * <p>{@link Builder#start start} returns once every mark is placed and attribution is ready: an
 * event made from then on is reported, with its process. Events are delivered on one thread of
 * the watcher's own, in the order read from the kernel. Where events were lost (the kernel's queue
 * overflowed, a consumer too slow for {@link Builder#stream()}), the caller sees an
 * {@link EventType#OVERFLOW} or {@link EventType#GAP} event spanning the loss: losses are never
 * silent.
 *
 * <p>Watching needs root (or {@code CAP_SYS_ADMIN}) and Linux 5.9 or later; the JVM needs native
 * access for the library's module ({@code --enable-native-access=io.fsmon}, or
 * {@code ALL-UNNAMED} on the class path).
 */
public final class FileWatcher implements AutoCloseable {
    private final Monitor monitor;
    private final io.fsmon.monitor.Attribution attribution;
    private final Consumer<String> diagnostics;
    private boolean closed;

    private FileWatcher(Monitor monitor, io.fsmon.monitor.Attribution attribution, Consumer<String> diagnostics) {
        this.monitor = monitor;
        this.attribution = attribution;
        this.diagnostics = diagnostics;
    }

    /**
     * A builder of a watcher: what to watch, which events, and how.
     *
     * @return a new builder with fsmon's defaults (the default event types, full attribution)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** How the process behind each event is named. */
    public enum Attribution {
        /**
         * The process table: command, command line, executable, user, login user and container
         * of every process, kept from the kernel's process events and {@code /proc}, so that a
         * process that has already exited is still named. The default.
         */
        FULL,
        /** Only the pid the kernel reports: no process table, nothing read from {@code /proc}. */
        PID_ONLY
    }

    /** How marks are placed. */
    public enum MarkMode {
        /** A filesystem mark where the filesystem allows it, else one mark per directory. The default. */
        AUTO,
        /** Only filesystem marks; a path whose filesystem refuses one cannot be watched. */
        FILESYSTEM,
        /** One mark per directory only, as on btrfs subvolumes or overlayfs. */
        INODE
    }

    /**
     * Counters of a watcher, as a snapshot.
     *
     * @param events     events delivered (markers included)
     * @param overflows  times the kernel's queue overflowed
     * @param unresolved events whose path could not be resolved (delivered with a null path)
     * @param records    records read from the kernel
     * @param filtered   events outside the watched paths or rejected by the filters
     */
    public record Stats(long events, long overflows, long unresolved, long records, long filtered) {
        /**
         * The one-line summary the command line prints when a run ends.
         *
         * @return "N events, N overflows, N unresolved paths"
         */
        public String summary() {
            return events + " events, " + overflows + " overflows, " + unresolved + " unresolved paths";
        }
    }

    /**
     * The counters so far.
     *
     * @return a snapshot of this watcher's counters
     */
    public Stats stats() {
        MonitorStats s = monitor.stats();
        return new Stats(s.events(), s.overflows(), s.unresolved(), s.records(), s.filtered());
    }

    /**
     * How each path is watched, one line per path, as said to the diagnostics at start.
     *
     * @return the lines, in the order the paths were given
     */
    public List<String> watching() {
        return monitor.watching();
    }

    /**
     * Whether the watcher still reads events: not closed, and not stopped by a failure.
     *
     * @return true while events are delivered
     */
    public boolean isRunning() {
        return monitor.isRunning();
    }

    /**
     * Waits until the watcher stops: closed (from another thread) or failed.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitTermination() throws InterruptedException {
        monitor.await();
    }

    /**
     * Waits at most {@code timeout} for the watcher to stop.
     *
     * @param timeout how long to wait
     * @return true if it stopped, false if the time ran out first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                monitor.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            waiter.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } finally {
            waiter.interrupt();
        }
        return !monitor.isRunning();
    }

    /**
     * Why the watcher stopped on its own, if it did: the kernel read failed, or the consumer threw.
     *
     * @return the failure, or empty while running and after a plain {@link #close()}
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(monitor.failure());
    }

    /**
     * Stops watching: the events already queued in the kernel are read and delivered first, then
     * the fanotify group and the process table are closed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitor.stop();
        attribution.close();
        String summary = attribution.summary();
        if (!summary.isEmpty()) {
            diagnostics.accept(summary);
        }
    }

    /** What to watch and how; {@link #start} or {@link #stream()} starts watching. Not thread-safe. */
    public static final class Builder {
        private final Map<Path, Boolean> paths = new LinkedHashMap<>();
        private Set<EventType> types = EventType.DEFAULTS;
        private final List<Glob> excludes = new ArrayList<>();
        private Long minSize;
        private final Set<Integer> pids = new LinkedHashSet<>();
        private Glob command;
        private final Set<String> users = new LinkedHashSet<>();
        private String ancestor;
        private boolean chain;
        private Attribution attribution = Attribution.FULL;
        private MarkMode marks = MarkMode.AUTO;
        private boolean unlimitedQueue;
        private int queueCapacity = 65_536;
        private Consumer<String> diagnostics = line -> { };

        private Builder() {
        }

        /**
         * Watches a file, a directory's direct children, or a whole tree. Repeatable.
         *
         * @param path      a file or directory that exists
         * @param recursive for a directory: the whole tree under it, including directories made later
         * @return this builder
         */
        public Builder watch(Path path, boolean recursive) {
            paths.put(Objects.requireNonNull(path, "path"), recursive);
            return this;
        }

        /**
         * The event types to report (default {@link EventType#DEFAULTS}). Markers
         * ({@link EventType#OVERFLOW}, {@link EventType#GAP}) are always reported.
         *
         * @param types one or more types
         * @return this builder
         */
        public Builder types(EventType... types) {
            if (types.length == 0) {
                throw new IllegalArgumentException("at least one event type");
            }
            this.types = EnumSet.copyOf(Arrays.asList(types));
            return this;
        }

        /**
         * The event types to report, as a set; see {@link #types(EventType...)}.
         *
         * @param types one or more types
         * @return this builder
         */
        public Builder types(Set<EventType> types) {
            return types(types.toArray(EventType[]::new));
        }

        /**
         * Leaves out events whose path matches a glob ({@code *} any characters but {@code /},
         * {@code **} any characters, {@code ?} one character; a pattern without {@code /} matches
         * the file name anywhere). Repeatable. A rename is left out only when both sides match.
         *
         * @param glob the pattern
         * @return this builder
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Builder exclude(String glob) {
            excludes.add(Glob.compile(glob));
            return this;
        }

        /**
         * Only events whose file is at least this large after the event (files of unknown size
         * are left out).
         *
         * @param bytes the smallest size
         * @return this builder
         */
        public Builder minSize(long bytes) {
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
         * @return this builder
         */
        public Builder pid(int pid) {
            pids.add(pid);
            return this;
        }

        /**
         * Only events by processes whose command name, program name or command line matches a glob.
         *
         * @param glob the pattern, e.g. {@code python*}
         * @return this builder
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Builder command(String glob) {
            this.command = Glob.compile(glob);
            return this;
        }

        /**
         * Only events by this user (a name, or a uid in decimal). Repeatable: any of them.
         *
         * @param user a user name or uid
         * @return this builder
         */
        public Builder user(String user) {
            users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /**
         * Only events by processes named {@code name} and all their descendants, including ones
         * started later. Needs {@link Attribution#FULL}.
         *
         * @param name a command name
         * @return this builder
         */
        public Builder ancestor(String name) {
            this.ancestor = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Adds each process's ancestry (pid, command and user of every parent) to its
         * {@link Actor#chain()}. Needs {@link Attribution#FULL}.
         *
         * @param chain whether to record the ancestry
         * @return this builder
         */
        public Builder chain(boolean chain) {
            this.chain = chain;
            return this;
        }

        /**
         * How processes are named (default {@link Attribution#FULL}).
         *
         * @param attribution the mode
         * @return this builder
         */
        public Builder attribution(Attribution attribution) {
            this.attribution = Objects.requireNonNull(attribution, "attribution");
            return this;
        }

        /**
         * How marks are placed (default {@link MarkMode#AUTO}).
         *
         * @param marks the mode
         * @return this builder
         */
        public Builder marks(MarkMode marks) {
            this.marks = Objects.requireNonNull(marks, "marks");
            return this;
        }

        /**
         * Asks the kernel for an unbounded queue: no overflow, but the kernel's memory grows while
         * the consumer lags.
         *
         * @param unlimited whether to ask
         * @return this builder
         */
        public Builder unlimitedQueue(boolean unlimited) {
            this.unlimitedQueue = unlimited;
            return this;
        }

        /**
         * How many events {@link #stream()} holds for a consumer that lags (default 65,536); more
         * are dropped and reported as one {@link EventType#GAP} event with their count and span.
         *
         * @param events the capacity, at least 2
         * @return this builder
         */
        public Builder queueCapacity(int events) {
            if (events < 2) {
                throw new IllegalArgumentException("queue capacity must be at least 2: " + events);
            }
            this.queueCapacity = events;
            return this;
        }

        /**
         * Where the watcher's notes go, one line each, without a trailing newline: how each path is
         * watched, directories that could not be marked, events whose directory vanished, the
         * process table's losses. The command line prints them on stderr. Default: dropped.
         *
         * @param diagnostics the receiver, called from the watcher's threads
         * @return this builder
         */
        public Builder diagnostics(Consumer<String> diagnostics) {
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            return this;
        }

        /**
         * Starts watching, delivering each event to {@code consumer} on the watcher's thread.
         * Returns once every mark is placed and attribution is ready. A consumer that is also
         * {@link Flushable} is flushed after each read from the kernel; one that throws stops the
         * watcher ({@link FileWatcher#failure()}).
         *
         * @param consumer receives the events, in order
         * @return the running watcher; close it to stop
         * @throws NotPrivilegedException      without root or {@code CAP_SYS_ADMIN}
         * @throws KernelUnsupportedException  on a kernel without fanotify file ids (before 5.9)
         * @throws PathNotFoundException       a path to watch does not exist
         * @throws CannotWatchException        the kernel or filesystem refused to watch a path
         * @throws FsmonException              any other failure to start
         */
        public FileWatcher start(Consumer<? super FileEvent> consumer) throws FsmonException {
            Objects.requireNonNull(consumer, "consumer");
            if (paths.isEmpty()) {
                throw new IllegalStateException("nothing to watch: call watch(path, recursive) first");
            }
            return startWith(new ConsumerSink(consumer));
        }

        /**
         * Starts watching and returns the events as a stream, for those who prefer to pull. The
         * stream blocks until the next event; closing it stops the watcher. A consumer that lags
         * by more than {@link #queueCapacity} events loses the newest ones, and sees one
         * {@link EventType#GAP} event with their count and span before the next event it gets.
         *
         * @return the events, in order; close it to stop watching
         * @throws FsmonException as {@link #start(Consumer)}
         */
        public Stream<FileEvent> stream() throws FsmonException {
            EventQueue queue = new EventQueue(queueCapacity);
            FileWatcher watcher = start(queue);
            Thread.ofVirtual().name("fsmon-stream-end").start(() -> {
                try {
                    watcher.awaitTermination();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                queue.finish();
            });
            return queue.stream().onClose(watcher::close);
        }

        private FileWatcher startWith(EventSink sink) throws FsmonException {
            EventFilter filter = EventFilter.of(types, excludes, minSize, pids, command, users);
            Set<Path> flat = new LinkedHashSet<>();
            paths.forEach((p, recursive) -> {
                if (!recursive) {
                    flat.add(p);
                }
            });
            MonitorConfig config = new MonitorConfig(List.copyOf(paths.keySet()), flat.size() < paths.size(), types,
                    filter, MonitorConfig.MarkMode.valueOf(marks.name()), unlimitedQueue, flat);
            // Attribution's start-up notes wait for the marks: a watcher that is refused (not root,
            // no such path) says so in one exception, without a note restating the missing privilege.
            HeldLines held = new HeldLines(diagnostics);
            io.fsmon.monitor.Attribution actors = attribution == Attribution.PID_ONLY
                    ? io.fsmon.monitor.Attribution.of(Actor::unknown)
                    : DeferredAttribution.start(() -> ProcessAttribution.start(chain, ancestor,
                            ProcessAttribution.DEFAULT_HOLD, held));
            Monitor monitor;
            try {
                monitor = Monitor.start(config, sink, actors, diagnostics);
            } catch (MonitorException e) {
                held.discard();
                actors.close();
                throw Errors.of(e);
            } catch (RuntimeException e) {
                held.discard();
                actors.close();
                throw new FsmonException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
            held.release();
            return new FileWatcher(monitor, actors, diagnostics);
        }
    }

    /** A consumer as the monitor's sink: its failures stop the monitor; a Flushable one is flushed per read. */
    private record ConsumerSink(Consumer<? super FileEvent> consumer) implements EventSink {
        @Override
        public void accept(FileEvent event) throws IOException {
            try {
                consumer.accept(event);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                throw new IOException("the event consumer failed: " + e, e);
            }
        }

        @Override
        public void flush() throws IOException {
            if (consumer instanceof Flushable f) {
                f.flush();
            }
        }
    }
}
