package io.fsmon.daemon;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Session;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryWriter;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.Attribution;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.ProcessAttribution;
import io.fsmon.monitor.MonitorException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The long-running service: one {@link Monitor} per watch, all feeding one {@link HistoryWriter}
 * and the {@link LiveFeed}; a {@link ControlServer} on the runtime directory's socket; one daemon
 * per runtime directory, held by a lock on {@code fsmon.lock} (which holds the pid). The event
 * loop ({@link #run()}) ticks every second: fdatasync, systemd's watchdog, retention.
 */
public final class Daemon {
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(10);

    private final DaemonSettings settings;
    private final Consumer<String> log;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final HistoryWriter writer;
    private final LiveFeed feed = new LiveFeed();
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private final EnumMap<EventType, LongAdder> counts = new EnumMap<>(EventType.class);
    private final SystemdNotify systemd;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Instant started = Instant.now();
    private long retiredUnresolved;
    private ControlServer server;

    /** One watch and its running monitor (null when it could not be started). */
    static final class Watch {
        final WatchSpec spec;
        final boolean fromConfig;
        final Monitor monitor;
        /** The monitor's attribution: its own connector and process table (its hold state is per reader). */
        final Attribution attribution;
        final String error;

        Watch(WatchSpec spec, boolean fromConfig, Monitor monitor, Attribution attribution, String error) {
            this.spec = spec;
            this.fromConfig = fromConfig;
            this.monitor = monitor;
            this.attribution = attribution;
            this.error = error;
        }
    }

    private final EventSink sink = new EventSink() {
        @Override
        public void accept(FileEvent e) {
            counts.get(e.type()).increment();
            writer.accept(e);
            feed.publish(e);
        }

        @Override
        public void flush() {
            writer.flush();
        }
    };

    private Daemon(DaemonSettings settings, Consumer<String> log, FileChannel lockChannel, FileLock lock,
                   HistoryWriter writer, Map<String, String> env) {
        this.settings = settings;
        this.log = log;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writer = writer;
        this.systemd = new SystemdNotify(env, log);
        for (EventType t : EventType.values()) {
            counts.put(t, new LongAdder());
        }
    }

    /** Leaves the starter's session (for {@code --detach}). */
    public static void detachFromTerminal() {
        try {
            Session.setsid();
        } catch (NativeException e) {
            // already a session leader: nothing to leave
        }
    }

    /**
     * Takes the runtime directory's lock, opens the history, starts the watches of the config file
     * and the persisted list, and opens the control socket.
     */
    public static Daemon start(DaemonSettings settings, Map<String, String> env, Consumer<String> log)
            throws DaemonException {
        Path runtime = settings.locations().runtimeDir();
        FileChannel lockChannel;
        FileLock lock;
        try {
            prepareRuntimeDir(runtime, settings.group());
            Path lockFile = runtime.resolve("fsmon.lock");
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null) {
                lockChannel.close();
                throw new DaemonException(DaemonException.Reason.ALREADY_RUNNING,
                        "a daemon is already running (pid " + runningPid(runtime).map(String::valueOf).orElse("unknown")
                                + ", runtime directory " + runtime + ")");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            lockChannel.force(true);
        } catch (IOException e) {
            throw new DaemonException(DaemonException.Reason.FAILURE, "cannot prepare " + runtime + ": " + e.getMessage(), e);
        }
        Daemon d;
        try {
            HistoryWriter writer = new HistoryWriter(new HistoryLayout(settings.locations().historyDir()),
                    settings.fileLimit(), 64L << 20, line -> log.accept(line));
            d = new Daemon(settings, log, lockChannel, lock, writer, env);
        } catch (IOException e) {
            release(lockChannel);
            throw new DaemonException(DaemonException.Reason.FAILURE, "cannot open the history in "
                    + settings.locations().historyDir() + ": " + e.getMessage(), e);
        }
        try {
            d.startWatches();
            d.server = ControlServer.open(d, settings.locations().socket());
        } catch (IOException | RuntimeException e) {
            d.shutdown();
            throw new DaemonException(DaemonException.Reason.FAILURE, "cannot start: " + e.getMessage(), e);
        }
        d.retention();
        log.accept("daemon ready (pid " + ProcessHandle.current().pid() + ", socket " + settings.locations().socket()
                + ", history " + settings.locations().historyDir() + ")");
        return d;
    }

    /** The pid written in a runtime directory's lock file while its daemon holds the lock. */
    public static java.util.Optional<Long> runningPid(Path runtime) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(runtime.resolve("fsmon.lock")).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void prepareRuntimeDir(Path dir, String group) throws IOException {
        Files.createDirectories(dir);
        // 0700 keeps everyone else out; with a reading group, 0750 and that group let its
        // members reach the socket, where the peer-credential check decides what they may do.
        if (group == null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } else {
            PosixFileAttributeView v = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            v.setGroup(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        }
    }

    private void startWatches() throws IOException {
        for (WatchSpec w : settings.watches()) {
            startWatch(w, true);
        }
        for (WatchSpec w : WatchList.load(settings.locations().watchList())) {
            startWatch(w, false);
        }
    }

    private void startWatch(WatchSpec spec, boolean fromConfig) {
        try {
            add(spec, fromConfig);
        } catch (DaemonException e) {
            log.accept("cannot watch " + spec.path() + ": " + e.getMessage());
            synchronized (this) {
                watches.put(spec.path(), new Watch(spec, fromConfig, null, null, e.getMessage()));
            }
        }
    }

    /** Starts (or restarts with new options) a watch; persisted unless it comes from the config file. */
    synchronized List<String> add(WatchSpec spec, boolean fromConfig) throws DaemonException {
        Watch old = watches.remove(spec.path());
        if (old != null) {
            retire(old);
        }
        Monitor m;
        Attribution attribution = ProcessAttribution.start(false, null, ProcessAttribution.DEFAULT_HOLD, log);
        try {
            m = Monitor.start(spec.monitorConfig(), sink, attribution, line -> log.accept(line));
        } catch (MonitorException e) {
            attribution.close();
            throw new DaemonException(switch (e.reason()) {
                case NOT_PRIVILEGED -> DaemonException.Reason.NOT_PRIVILEGED;
                case PATH_NOT_FOUND -> DaemonException.Reason.PATH_NOT_FOUND;
                case CANNOT_WATCH, KERNEL_UNSUPPORTED -> DaemonException.Reason.CANNOT_WATCH;
                case RUNTIME -> DaemonException.Reason.FAILURE;
            }, e.getMessage(), e);
        }
        watches.put(spec.path(), new Watch(spec, fromConfig, m, attribution, null));
        if (!fromConfig) {
            persist();
        }
        return m.watching();
    }

    /** Stops a watch: its monitor drains and closes its fanotify group, so its events really stop. */
    synchronized boolean remove(String path) throws DaemonException {
        Watch w = watches.remove(path);
        if (w == null) {
            return false;
        }
        retire(w);
        persist();
        return true;
    }

    private void retire(Watch w) {
        if (w.monitor != null) {
            w.monitor.stop();
            retiredUnresolved += w.monitor.stats().unresolved();
        }
        if (w.attribution != null) {
            w.attribution.close();
        }
    }

    private void persist() throws DaemonException {
        List<WatchSpec> added = watches.values().stream().filter(w -> !w.fromConfig).map(w -> w.spec).toList();
        try {
            WatchList.save(settings.locations().watchList(), added);
        } catch (IOException e) {
            throw new DaemonException(DaemonException.Reason.FAILURE, "the watch is active but could not be saved to "
                    + settings.locations().watchList() + ": " + e.getMessage(), e);
        }
    }

    synchronized List<Watch> watches() {
        return new ArrayList<>(watches.values());
    }

    void log(String line) {
        log.accept(line);
    }

    LiveFeed feed() {
        return feed;
    }

    DaemonSettings settings() {
        return settings;
    }

    Instant started() {
        return started;
    }

    HistoryWriter writer() {
        return writer;
    }

    synchronized Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        Map<String, Long> byType = new LinkedHashMap<>();
        long events = 0;
        for (var e : counts.entrySet()) {
            long n = e.getValue().sum();
            if (n > 0) {
                byType.put(e.getKey().name(), n);
            }
            events += e.getKey().isMarker() ? 0 : n;
        }
        long unresolved = retiredUnresolved;
        for (Watch w : watches.values()) {
            unresolved += w.monitor == null ? 0 : w.monitor.stats().unresolved();
        }
        c.put("events", events);
        c.put("overflows", counts.get(EventType.OVERFLOW).sum());
        c.put("unresolved", unresolved);
        c.put("dropped_to_subscribers", feed.dropped());
        c.put("history_dropped", writer.stats().dropped());
        c.put("history_recreated", writer.stats().recreated());
        c.put("subscribers", (long) feed.subscribers());
        byType.forEach((k, v) -> c.put("type." + k, v));
        return c;
    }

    /** Asks the event loop to stop (from a signal, or the control socket's {@code stop}). */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** The event loop: returns after {@link #requestStop()} once everything is drained, written and synced. */
    public void run() {
        systemd.send("READY=1\nMAINPID=" + ProcessHandle.current().pid());
        Instant lastRetention = Instant.now();
        try {
            while (!stopRequested.await(1, TimeUnit.SECONDS)) {
                writer.tick();
                if (systemd.watchdog()) {
                    systemd.send("WATCHDOG=1");
                }
                checkMonitors();
                if (Duration.between(lastRetention, Instant.now()).compareTo(RETENTION_EVERY) >= 0) {
                    lastRetention = Instant.now();
                    retention();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        systemd.send("STOPPING=1");
        shutdown();
    }

    private synchronized void checkMonitors() {
        for (Map.Entry<String, Watch> e : watches.entrySet()) {
            Watch w = e.getValue();
            if (w.monitor != null && !w.monitor.isRunning()) {
                Throwable f = w.monitor.failure();
                String why = f == null ? "the monitor stopped" : f.getMessage();
                log.accept("watch " + e.getKey() + " stopped: " + why);
                retire(w);
                e.setValue(new Watch(w.spec, w.fromConfig, null, null, "stopped: " + why));
            }
        }
    }

    private void retention() {
        if (settings.keepDays() <= 0 && settings.maxSize() <= 0) {
            return;
        }
        try {
            for (Path p : writer.applyRetention(settings.keepDays(), settings.maxSize(), Instant.now())) {
                log.accept("retention: deleted " + p);
            }
        } catch (IOException e) {
            log.accept("retention failed: " + e.getMessage());
        }
    }

    private void shutdown() {
        if (server != null) {
            server.close();
        }
        synchronized (this) {
            for (Watch w : watches.values()) {
                retire(w); // each monitor drains what the kernel queued into the writer
            }
        }
        writer.close(); // flush + fdatasync
        try {
            Files.deleteIfExists(settings.locations().socket());
        } catch (IOException ignored) {
            // a stale socket is replaced at the next start
        }
        release(lockChannel);
        log.accept("daemon stopped: " + counters().get("events") + " events");
    }

    private static void release(FileChannel lockChannel) {
        try {
            lockChannel.close(); // releases the lock
        } catch (IOException ignored) {
            // the kernel drops the lock with the process anyway
        }
    }
}
