package io.fsmon.monitor;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.EventFd;
import io.fsmon.linux.Fanotify;
import io.fsmon.linux.FanotifyReader;
import io.fsmon.linux.FileStatus;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Poll;
import io.fsmon.linux.Sched;
import io.fsmon.linux.Unistd;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A running fanotify monitor: marks placed and attribution ready at {@link #start}, one named
 * platform thread reading the group, decoding, resolving and delivering events to an {@link EventSink} until
 * {@link #stop()}. The thread sleeps in {@code poll(2)} on the fanotify fd and an eventfd; stop
 * writes the eventfd, so no thread is ever interrupted in a native call.
 */
public final class Monitor implements AutoCloseable {
    /**
     * One read of the kernel queue: about a thousand records. Every record of a read is decoded
     * before the first is interpreted (see {@link BatchLookahead}), so a read's records live
     * through young collections; 256 KiB reads kept four times as many alive, which the collector
     * promoted and the heap grew by under a burst.
     */
    private static final int BUFFER_SIZE = 64 * 1024;

    private final KernelFeatures kernel;
    private final int stopFd;
    private final PathResolver resolver;
    private final Marks marks;
    private final Scope scope;
    private final RecordPipeline pipeline;
    private final EventSink sink;
    private final Thread thread;
    /** {@link #emit}, bound once: not an object per read. */
    private final RecordInterpreter.Output output = this::emit;
    private final Semaphore gate = new Semaphore(1);
    private final List<String> watching = new ArrayList<>();
    /** Directories not marked when start returned (said in {@link #watching}'s lines then). */
    private long notMarkedAtStart;
    private volatile long events;
    private volatile long overflows;
    private volatile long records;
    private volatile Throwable failure;
    /** The sink's failure during the batch being interpreted (reader thread only). */
    private IOException sinkFailure;
    private volatile boolean stopping;
    private boolean closed;

    private final Attribution attribution;

    /** Directories the path resolver keeps by handle. */
    static final int RESOLVER_CAPACITY = 1 << 16;

    private Monitor(KernelFeatures kernel, int stopFd, MonitorConfig config, Scope scope, EventSink sink,
                    Attribution actors, Consumer<String> diagnostics, int resolverCapacity) {
        this.attribution = actors;
        this.kernel = kernel;
        this.stopFd = stopFd;
        this.scope = scope;
        this.sink = sink;
        KernelHandles handles = new KernelHandles();
        this.resolver = new PathResolver(resolverCapacity, handles);
        this.marks = new Marks(kernel.fd(), maskFor(config, kernel), resolver, handles, scope);
        this.pipeline = new RecordPipeline(new RecordInterpreter(resolver, FileStatus::sizeAt, marks, scope,
                config.types(), config.filter(), actors, Unistd.getpid(), kernel.targetFid(), diagnostics));
        this.thread = Thread.ofPlatform().name("fsmon-fanotify-reader").daemon(true).unstarted(this::run);
    }

    /**
     * Opens a fanotify group, marks every path and starts reading.
     *
     * @param diagnostics receives one line per watched path saying how it is watched
     * @throws MonitorException when the monitor cannot start; nothing is left open then
     */
    public static Monitor start(MonitorConfig config, EventSink sink, IntFunction<Actor> actors,
                                Consumer<String> diagnostics) throws MonitorException {
        return start(config, sink, Attribution.of(actors), diagnostics);
    }

    /**
     * Opens a fanotify group, marks every path, marks the root filesystem for exec correlation,
     * and starts reading; {@code attribution} names the processes (the caller closes it).
     */
    public static Monitor start(MonitorConfig config, EventSink sink, Attribution actors,
                                Consumer<String> diagnostics) throws MonitorException {
        return start(config, sink, actors, diagnostics, RESOLVER_CAPACITY);
    }

    /** {@link #start(MonitorConfig, EventSink, Attribution, Consumer)} with a path cache of {@code resolverCapacity} directories. */
    static Monitor start(MonitorConfig config, EventSink sink, Attribution actors, Consumer<String> diagnostics,
                         int resolverCapacity) throws MonitorException {
        Scope scope = Scope.of(config);
        KernelFeatures kernel = KernelFeatures.open(config.unlimitedQueue());
        int stopFd;
        try {
            stopFd = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
        } catch (NativeException e) {
            Unistd.close(kernel.fd());
            throw new MonitorException(MonitorException.Reason.RUNTIME, "eventfd failed: " + e.getMessage(), e);
        }
        Monitor m = new Monitor(kernel, stopFd, config, scope, sink, actors, diagnostics, resolverCapacity);
        try {
            for (Scope.Root root : scope.roots()) {
                m.watching.addAll(m.marks.place(root, config.markMode()));
            }
            String exec = m.marks.placeExecMark("/");
            if (exec != null) {
                m.watching.add(exec);
            }
        } catch (MonitorException e) {
            m.closeFds();
            throw e;
        }
        try {
            // Ready means ready: an event made once start returns (and "watching" is said) names
            // its process. Events made meanwhile wait in the kernel's queue.
            actors.awaitReady();
        } catch (RuntimeException e) {
            m.closeFds();
            Throwable cause = e instanceof CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new MonitorException(MonitorException.Reason.RUNTIME,
                    "cannot start naming processes: " + (cause.getMessage() != null ? cause.getMessage() : cause), cause);
        }
        m.watching.forEach(diagnostics);
        m.notMarkedAtStart = m.marks.notMarkedCount();
        m.marks.warnAfterStart(diagnostics);
        scope.sayWhatIsNotWatched(diagnostics);
        m.thread.start();
        return m;
    }

    /** The kernel mask: the user's types plus what keeps paths and marks true. */
    static long maskFor(MonitorConfig config, KernelFeatures kernel) {
        // OPEN_EXEC always: which executable each pid runs names processes gone before /proc is read.
        long mask = Fanotify.FAN_ONDIR | Fanotify.FAN_CREATE | Fanotify.FAN_OPEN_EXEC;
        mask |= kernel.rename() ? Fanotify.FAN_RENAME : Fanotify.FAN_MOVED_FROM | Fanotify.FAN_MOVED_TO;
        for (EventType t : config.types()) {
            mask |= switch (t) {
                case ACCESS -> Fanotify.FAN_ACCESS;
                case MODIFY -> Fanotify.FAN_MODIFY;
                case ATTRIB -> Fanotify.FAN_ATTRIB;
                case CLOSE_WRITE -> Fanotify.FAN_CLOSE_WRITE;
                case CLOSE_NOWRITE -> Fanotify.FAN_CLOSE_NOWRITE;
                case OPEN -> Fanotify.FAN_OPEN;
                case OPEN_EXEC -> Fanotify.FAN_OPEN_EXEC;
                case CREATE -> Fanotify.FAN_CREATE;
                case DELETE -> Fanotify.FAN_DELETE;
                case DELETE_SELF -> Fanotify.FAN_DELETE_SELF | Fanotify.FAN_DELETE;
                case MOVED_FROM, MOVED_TO -> 0L;
                case MOVE_SELF -> Fanotify.FAN_MOVE_SELF;
                case FS_ERROR -> Fanotify.FAN_FS_ERROR;
                case OVERFLOW, GAP -> 0L;
            };
        }
        return mask;
    }

    /**
     * The reader's nice value. The kernel queue holds 16384 events; a reader that loses the CPU to
     * the very writers it watches overflows it. auditd boosts itself for the same reason.
     */
    private static final int READER_NICE = -5;

    /**
     * After a read that found the queue short, the reader waits this long before the next one, so
     * that a steady stream is read in batches of a hundred records rather than a few: each wake-up
     * costs a poll, a read and a write, and a file's CREATE and CLOSE_WRITE read together ask for
     * its size once. 20,000-file tree: 1.20-1.38 s of monitor CPU instead of 1.44-1.87 s. A burst
     * fills the buffer and is read without a pause. Events reach the output up to 1 ms later.
     */
    private static final Duration COALESCE = Duration.ofMillis(1);

    private void run() {
        try {
            Sched.setCurrentThreadNice(READER_NICE);
        } catch (NativeException e) {
            // Without CAP_SYS_NICE the reader runs at the default priority: only overflow gets likelier.
        }
        byte[] buf = new byte[BUFFER_SIZE];
        int[] fds = {kernel.fd(), stopFd};
        for (Scope.Root root : scope.roots()) {
            marks.learnTree(root);
        }
        try (FanotifyReader reader = new FanotifyReader(kernel.fd(), BUFFER_SIZE)) {
            while (!stopping) {
                // Records held for the next read (see RecordPipeline) do not wait
                // for one that does not come.
                boolean holding = pipeline.holding();
                int ready = Poll.poll(fds, Poll.POLLIN, holding ? 0 : -1);
                if ((ready & 2) != 0) {
                    break;
                }
                if ((ready & 1) != 0) {
                    if (batch(reader, buf) < BUFFER_SIZE / 2) {
                        Thread.sleep(COALESCE);
                    }
                } else if (holding) {
                    flushHeld();
                }
            }
            // Drain what the kernel queued before stop, so Ctrl-C loses nothing already read.
            while (failure == null && batch(reader, buf) > 0) {
                // keep draining
            }
            flushHeld();
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            // An OutOfMemoryError (or any other Error) ends the reader like a failure: the owner sees
            // it through failure() and restarts the monitor, instead of a stack trace on stderr and
            // a watch that says only "the monitor stopped".
            failure = e;
        }
    }

    private int batch(FanotifyReader reader, byte[] buf) throws IOException, InterruptedException {
        gate.acquire();
        try {
            long readStart = System.nanoTime();
            int n = reader.read(buf);
            if (n <= 0) {
                return 0;
            }
            // A read that left less than a few records' room may have left records queued.
            boolean full = n > BUFFER_SIZE - 8192;
            attribution.batchRead(readStart, System.nanoTime(), full);
            records += pipeline.read(buf, n, Instant.now(), output);
            if (pipeline.holding()) {
                attribution.heldOver();
            }
            afterBatch();
            return n;
        } finally {
            gate.release();
        }
    }

    /** Interprets the records held back from the last read, when no read follows it. */
    private void flushHeld() throws IOException, InterruptedException {
        gate.acquire();
        try {
            pipeline.flushHeld(output);
            afterBatch();
        } finally {
            gate.release();
        }
    }

    /** Hands an event to the sink; the first failure is kept for {@link #afterBatch}. */
    private void emit(FileEvent e) {
        if (sinkFailure != null) {
            return;
        }
        if (e.type() == EventType.OVERFLOW) {
            overflows++;
        }
        try {
            sink.accept(e);
            events++;
        } catch (IOException x) {
            sinkFailure = x;
        }
    }

    /** Reports a sink failure of the batch, or flushes what it wrote. */
    private void afterBatch() throws IOException {
        if (sinkFailure != null) {
            IOException x = sinkFailure;
            sinkFailure = null;
            throw x;
        }
        sink.flush();
    }

    /** Holds the reader before its next read, until {@link #resume()}; returns once it is held. */
    public void pause() throws InterruptedException {
        gate.acquire();
    }

    /** Lets a {@link #pause() paused} reader go on. */
    public void resume() {
        gate.release();
    }

    /** Stops reading after draining what the kernel already queued; waits for the reader thread. */
    public synchronized void stop() {
        // Whole-method lock: a signal handler and the main thread may both stop the monitor, and
        // the second must not write to the eventfd after the first closed it (EBADF, or worse, a
        // reused fd number).
        if (closed) {
            return;
        }
        stopping = true;
        try {
            EventFd.signal(stopFd);
        } catch (NativeException e) {
            throw new IllegalStateException("cannot wake the reader: " + e.getMessage(), e);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFds();
    }

    /** Waits until the reader ends (after {@link #stop()} or a failure). */
    public void await() throws InterruptedException {
        thread.join();
    }

    /** Why the reader ended, if it ended by failing (e.g. the sink's pipe closed). */
    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * How each path is watched, one line each, as announced at start; then, when directories
     * appeared since that could not be marked, a line counting all directories not watched.
     */
    public List<String> watching() {
        List<String> lines = new ArrayList<>(watching);
        if (marks.notMarkedCount() > notMarkedAtStart) {
            lines.add(marks.notMarkedLine());
        }
        return List.copyOf(lines);
    }

    /** How many directories per-directory mode could not mark (so nothing under them is seen). */
    public long unwatchedDirectories() {
        return marks.notMarkedCount();
    }

    public MonitorStats stats() {
        return new MonitorStats(events, overflows, pipeline.unresolvedEvents(), records, pipeline.filtered());
    }

    private synchronized void closeFds() {
        if (!closed && !thread.isAlive()) {
            closed = true;
            resolver.close();
            Unistd.close(kernel.fd());
            Unistd.close(stopFd);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
