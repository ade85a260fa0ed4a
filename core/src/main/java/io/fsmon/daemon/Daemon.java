package io.fsmon.daemon;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Session;
import io.fsmon.log.HistoryAccess;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryWriter;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.ProcessAttribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The long-running service: one {@link Monitor} per watch (the {@link WatchTable}), all feeding
 * one {@link HistoryWriter} and the {@link LiveFeed}; a {@link ControlServer} on the runtime
 * directory's socket; one daemon per runtime directory (the {@link RuntimeLock}). The event loop
 * ({@link #run()}) ticks every second: fdatasync, systemd's watchdog, retention.
 */
public final class Daemon {
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(10);

    private final DaemonSettings settings;
    private final Consumer<String> log;
    private final RuntimeLock lock;
    private final HistoryWriter writer;
    private final LiveFeed feed = new LiveFeed();
    private final WatchTable watches;
    private final SystemdNotify systemd;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Instant started = Instant.now();
    private ControlServer server;
    /** Ships the history when {@code [ship]} is configured; null otherwise. */
    private Shipper shipper;

    private final EventSink sink = new EventSink() {
        @Override
        public void accept(FileEvent e) {
            writer.accept(e); // counted by type on the way in, per watch (WatchCounts)
            feed.publish(e);
        }

        @Override
        public void flush() {
            writer.flush();
        }
    };

    private Daemon(DaemonSettings settings, Consumer<String> log, RuntimeLock lock, HistoryWriter writer,
                   Map<String, String> env) {
        this.settings = settings;
        this.log = log;
        this.lock = lock;
        this.writer = writer;
        this.watches = new WatchTable(settings.locations().watchList(), sink, log);
        this.systemd = new SystemdNotify(env, log);
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
    /**
     * Bytes of events kept in memory while the disk is full: a quarter of the heap, at most 64 MiB.
     * The buffer doubles as it grows, so for a moment it takes half as much again; 64 MiB in the
     * launcher's 64 MiB heap would end the daemon with an OutOfMemoryError on a long full disk.
     */
    static long fullDiskBuffer() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    public static Daemon start(DaemonSettings settings, Map<String, String> env, Consumer<String> log)
            throws DaemonException {
        return start(settings, env, log, null);
    }

    /**
     * A daemon that ships its history through {@code ships} when the settings say where
     * ({@code [ship]}); the transport is opened only then.
     */
    public static Daemon start(DaemonSettings settings, Map<String, String> env, Consumer<String> log,
                               ShipTransport.Factory ships) throws DaemonException {
        RuntimeLock lock = RuntimeLock.acquire(settings.locations().runtimeDir(), settings.group());
        Daemon d;
        try {
            HistoryWriter writer = new HistoryWriter(new HistoryLayout(settings.locations().historyDir()),
                    settings.fileLimit(), fullDiskBuffer(), HistoryAccess.forGroup(settings.group()),
                    line -> log.accept(line));
            d = new Daemon(settings, log, lock, writer, env);
        } catch (IOException e) {
            lock.release();
            throw new DaemonException(DaemonException.Reason.FAILURE, "cannot open the history in "
                    + settings.locations().historyDir() + ": " + e.getMessage(), e);
        }
        try {
            // Nothing was watched from the last line written by the previous run to now: a GAP says so.
            d.writer.lastWritten().ifPresent(d.writer::notWatchedSince);
            d.watches.startAll(settings.watches());
            d.writer.watching(Instant.now());
            d.server = ControlServer.open(d, settings.locations().socket());
            if (settings.ship() != null && ships != null) {
                d.shipper = new Shipper(settings.ship(), new HistoryLayout(settings.locations().historyDir()),
                        settings.locations().stateDir().resolve("ship.checkpoint"), ships.open(settings.ship(), log),
                        log);
                d.shipper.start();
            } else if (settings.ship() != null) {
                log.accept("ship: this program cannot ship (no transport); the history stays local");
            }
            if (d.shipper == null) { // not shipped (any more): fsmon clean need not keep unsent files
                Files.deleteIfExists(settings.locations().historyDir().resolve(HistoryLayout.UNSENT_MARK));
            }
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
    public static Optional<Long> runningPid(Path runtime) {
        return RuntimeLock.runningPid(runtime);
    }

    /** Starts (or restarts with new options) a watch; persisted unless it comes from the config file. */
    List<String> add(WatchSpec spec, boolean fromConfig) throws DaemonException {
        return watches.add(spec, fromConfig);
    }

    /** Stops a watch: its monitor drains and closes its fanotify group, so its events really stop. */
    boolean remove(String path) throws DaemonException {
        return watches.remove(path);
    }

    List<WatchTable.Watch> watches() {
        return watches.snapshot();
    }

    long monitorRestarts() {
        return watches.restarts();
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

    /** The shipper's state for status, or null when the history is not shipped. */
    StatusReport.ShipStatus shipStatus() {
        return shipper == null ? null : shipper.status();
    }

    HistoryWriter writer() {
        return writer;
    }

    /** The counters at this moment (the control server's own while it runs). */
    StatusReport.Counters counters() {
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        long events = 0;
        Map<EventType, Long> counts = watches.eventsByType();
        for (var e : counts.entrySet()) {
            long n = e.getValue();
            if (n > 0) {
                byType.put(e.getKey(), n);
            }
            events += e.getKey().isMarker() ? 0 : n;
        }
        ControlServer control = server;
        return new StatusReport.Counters(events, counts.get(EventType.OVERFLOW), watches.unresolved(), feed.dropped(),
                writer.stats().dropped(), writer.stats().recreated(), feed.subscribers(), byType, monitorRestarts(),
                control == null ? 0 : control.connections(), control == null ? 0 : control.refused());
    }

    /**
     * The counters of the daemon and of each watch at this moment, for a metrics exporter. Reads
     * what the owners already count; costs the event path nothing.
     */
    public Readings readings() {
        List<Readings.PerWatch> per = new java.util.ArrayList<>();
        for (WatchTable.Watch w : watches.snapshot()) {
            String path = w.spec().path();
            ProcessAttribution a = w.attribution() instanceof ProcessAttribution p ? p : null;
            per.add(new Readings.PerWatch(path, w.monitor() != null && w.monitor().isRunning(),
                    watches.eventsByType(path), watches.unresolved(path),
                    a == null ? 0 : a.tableSize(), a == null ? 0 : a.lostProcessEvents(),
                    a == null ? null : a.holdTimes().snapshot()));
        }
        HistoryWriter.Stats h = writer.stats();
        return new Readings(per, feed.dropped(), feed.subscribers(), h.bytesWritten(), h.lines(), h.dropped(),
                writer.syncTimes().snapshot());
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
                watches.checkMonitors();
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

    private void retention() {
        if (settings.keepDays() <= 0 && settings.maxSize() <= 0) {
            return;
        }
        try {
            Shipper s = shipper;
            for (Path p : writer.applyRetention(settings.keepDays(), settings.maxSize(), Instant.now(),
                    s == null ? null : s.firstUnsent(), f -> s.losing(f))) {
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
        watches.stopAll(); // each monitor drains what the kernel queued into the writer
        writer.close(); // flush + fdatasync
        if (shipper != null) {
            shipper.close(); // what it had not sent stays behind its checkpoint for the next start
        }
        try {
            Files.deleteIfExists(settings.locations().socket());
        } catch (IOException ignored) {
            // a stale socket is replaced at the next start
        }
        lock.release();
        log.accept("daemon stopped: " + counters().events() + " events");
    }
}
