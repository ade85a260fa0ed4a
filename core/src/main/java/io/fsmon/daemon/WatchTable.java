package io.fsmon.daemon;

import io.fsmon.monitor.Attribution;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.MonitorException;
import io.fsmon.monitor.ProcessAttribution;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The daemon's watches by path, each with its running {@link Monitor} feeding the daemon's sink.
 * Watches added over the control socket are persisted in the {@link WatchList}; those of the
 * config file are not. Every method is synchronized: the control socket's clients, the event
 * loop and status reads reach it from different threads.
 *
 * <p>A monitor that ends without being asked (its reader thread died) is restarted by
 * {@link #checkMonitors}: the time from its last event (or its start) to when the new monitor's
 * marks are placed is written as a {@code GAP} into the history and the live stream, and the
 * restart is counted. A monitor that dies again within {@link #STABLE} of its restart, or a
 * restart that fails, is retried after a delay that doubles up to {@link #MAX_DELAY}.
 */
final class WatchTable {
    private final Path watchList;
    private final EventSink sink;
    private final Consumer<String> log;
    static final Duration STABLE = Duration.ofMinutes(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);

    private final Map<String, Watch> watches = new LinkedHashMap<>();
    /** Watches whose monitor died and is to be restarted, by path. */
    private final Map<String, Down> down = new HashMap<>();
    private long restartsTotal;
    /** Per watched path; a removed path's counts move to {@link #removed}, so totals only grow. */
    private final Map<String, WatchCounts> counts = new LinkedHashMap<>();
    private final WatchCounts removed = new WatchCounts();

    /**
     * One watch and its running monitor (null when it could not be started, with the error), the
     * monitor's attribution (its own connector and process table: its hold state is per reader),
     * how often its monitor was restarted, and when the running monitor placed its marks and last
     * delivered an event.
     */
    record Watch(WatchSpec spec, boolean fromConfig, Monitor monitor, Attribution attribution, String error,
                 int restarts, LastEvent last) {
        Watch(WatchSpec spec, boolean fromConfig, Monitor monitor, Attribution attribution, String error) {
            this(spec, fromConfig, monitor, attribution, error, 0, null);
        }
    }

    /** When a monitor started and last handed an event on: where a GAP begins if it dies. */
    static final class LastEvent implements EventSink {
        private final EventSink sink;
        private final Instant started;
        private volatile Instant last;

        LastEvent(EventSink sink, Instant started) {
            this.sink = sink;
            this.started = started;
        }

        @Override
        public void accept(FileEvent e) throws IOException {
            sink.accept(e);
            last = e.time();
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        Instant since() {
            Instant l = last;
            return l == null ? started : l;
        }

        Instant started() {
            return started;
        }
    }

    /** A dead monitor waiting for its restart: since when events may be lost, why, and when to try. */
    private record Down(Instant since, String why, int attempts, Instant retryAt) {
    }

    WatchTable(Path watchList, EventSink sink, Consumer<String> log) {
        this.watchList = watchList;
        this.sink = sink;
        this.log = log;
    }

    /** Starts the config file's watches, then the persisted list's; a watch that fails is kept with its error. */
    void startAll(List<WatchSpec> configured) throws IOException {
        for (WatchSpec w : configured) {
            startWatch(w, true);
        }
        for (WatchSpec w : WatchList.load(watchList)) {
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
                counts.computeIfAbsent(spec.path(), p -> new WatchCounts());
            }
        }
    }

    /** Starts (or restarts with new options) a watch; persisted unless it comes from the config file. */
    synchronized List<String> add(WatchSpec spec, boolean fromConfig) throws DaemonException {
        Watch old = watches.remove(spec.path());
        down.remove(spec.path());
        if (old != null) {
            retire(old);
        }
        Watch w = start(spec, fromConfig, 0);
        watches.put(spec.path(), w);
        if (!fromConfig) {
            persist();
        }
        return w.monitor().watching();
    }

    private Watch start(WatchSpec spec, boolean fromConfig, int restarts) throws DaemonException {
        Monitor m;
        Attribution attribution = ProcessAttribution.start(false, null, ProcessAttribution.DEFAULT_HOLD, log);
        LastEvent last = new LastEvent(counted(spec.path()), Instant.now());
        try {
            m = Monitor.start(spec.monitorConfig(), last, attribution, line -> log.accept(line));
        } catch (MonitorException e) {
            attribution.close();
            throw new DaemonException(switch (e.reason()) {
                case NOT_PRIVILEGED -> DaemonException.Reason.NOT_PRIVILEGED;
                case PATH_NOT_FOUND -> DaemonException.Reason.PATH_NOT_FOUND;
                case CANNOT_WATCH, KERNEL_UNSUPPORTED -> DaemonException.Reason.CANNOT_WATCH;
                case RUNTIME -> DaemonException.Reason.FAILURE;
            }, e.getMessage(), e);
        }
        return new Watch(spec, fromConfig, m, attribution, null, restarts, last);
    }

    /** Stops a watch: its monitor drains and closes its fanotify group, so its events really stop. */
    synchronized boolean remove(String path) throws DaemonException {
        Watch w = watches.remove(path);
        down.remove(path);
        if (w == null) {
            return false;
        }
        retire(w);
        WatchCounts c = counts.remove(path);
        if (c != null) {
            removed.absorb(c);
        }
        persist();
        return true;
    }

    /**
     * Notices each monitor that has stopped by itself (logged, marked not watched) and restarts
     * those whose time has come, writing the GAP for the time they were down.
     */
    synchronized void checkMonitors() {
        Instant now = Instant.now();
        for (Map.Entry<String, Watch> e : watches.entrySet()) {
            Watch w = e.getValue();
            if (w.monitor() != null && !w.monitor().isRunning()) {
                Throwable f = w.monitor().failure();
                String why = f == null ? "the monitor stopped" : f.getMessage() == null ? f.toString() : f.getMessage();
                log.accept("watch " + e.getKey() + " stopped: " + why);
                retire(w);
                // Died soon after a restart: wait before the next, doubling the wait each time.
                boolean quick = w.restarts() > 0 && Duration.between(w.last().started(), now).compareTo(STABLE) < 0;
                Down d = new Down(w.last().since(), why, quick ? 1 : 0, quick ? now.plus(delay(1)) : now);
                down.put(e.getKey(), d);
                e.setValue(new Watch(w.spec(), w.fromConfig(), null, null, "stopped: " + why + "; restarting",
                        w.restarts(), null));
            }
        }
        for (Map.Entry<String, Watch> e : watches.entrySet()) {
            Down d = down.get(e.getKey());
            if (d != null && !now.isBefore(d.retryAt())) {
                restart(e, d);
            }
        }
    }

    private void restart(Map.Entry<String, Watch> e, Down d) {
        Watch w = e.getValue();
        try {
            Watch again = start(w.spec(), w.fromConfig(), w.restarts() + 1);
            Instant until = Instant.now();
            down.remove(e.getKey());
            e.setValue(again);
            restartsTotal++;
            // The kernel's queue went with the dead monitor's group: how many were lost is unknown.
            FileEvent gap = FileEvent.unwatched(d.since(), until);
            try {
                EventSink out = counted(e.getKey());
                out.accept(gap);
                out.flush();
            } catch (IOException x) {
                log.accept("cannot write the GAP of watch " + e.getKey() + ": " + x.getMessage());
            }
            log.accept("watch " + e.getKey() + " restarted (restart " + again.restarts() + "); events from " + d.since()
                    + " to " + until + " may be missing");
        } catch (DaemonException x) {
            Duration wait = delay(d.attempts() + 1);
            down.put(e.getKey(), new Down(d.since(), d.why(), d.attempts() + 1, Instant.now().plus(wait)));
            String error = "stopped: " + d.why() + "; restart failed: " + x.getMessage();
            log.accept("watch " + e.getKey() + " " + error + " (next try in " + wait.toSeconds() + " s)");
            e.setValue(new Watch(w.spec(), w.fromConfig(), null, null, error, w.restarts(), null));
        }
    }

    private static Duration delay(int attempts) {
        return Duration.ofSeconds(1L << Math.min(attempts, 10)).compareTo(MAX_DELAY) > 0
                ? MAX_DELAY : Duration.ofSeconds(1L << Math.min(attempts, 10));
    }

    /** Monitors restarted after they died, since the daemon started. */
    synchronized long restarts() {
        return restartsTotal;
    }

    /** Stops every monitor; each drains what the kernel queued into the sink. */
    synchronized void stopAll() {
        for (Watch w : watches.values()) {
            retire(w);
        }
    }

    synchronized List<Watch> snapshot() {
        return new ArrayList<>(watches.values());
    }

    /** The daemon's sink, counting each event by type for the watch of {@code path} on the way. */
    private EventSink counted(String path) {
        return counts.computeIfAbsent(path, p -> new WatchCounts()).counting(sink);
    }

    /** Events whose path could not be resolved, by the running monitors and those already stopped. */
    synchronized long unresolved() {
        long unresolved = removed.retiredUnresolved();
        for (String path : watches.keySet()) {
            unresolved += unresolved(path);
        }
        return unresolved;
    }

    /** Unresolved paths of one watched path: its running monitor's and those of its monitors already stopped. */
    synchronized long unresolved(String path) {
        Watch w = watches.get(path);
        WatchCounts c = counts.get(path);
        return (c == null ? 0 : c.retiredUnresolved())
                + (w == null || w.monitor() == null ? 0 : w.monitor().stats().unresolved());
    }

    /** Events by type of every watch, removed ones included. */
    synchronized Map<EventType, Long> eventsByType() {
        Map<EventType, Long> m = new EnumMap<>(EventType.class);
        removed.addTo(m);
        for (WatchCounts c : counts.values()) {
            c.addTo(m);
        }
        return m;
    }

    /** Events by type of one watched path (empty counts for a path not watched). */
    synchronized Map<EventType, Long> eventsByType(String path) {
        WatchCounts c = counts.get(path);
        return c == null ? new WatchCounts().byType() : c.byType();
    }

    private void retire(Watch w) {
        if (w.monitor() != null) {
            w.monitor().stop();
            WatchCounts c = counts.get(w.spec().path());
            if (c != null) {
                c.retireUnresolved(w.monitor().stats().unresolved());
            }
        }
        if (w.attribution() != null) {
            w.attribution().close();
        }
    }

    private void persist() throws DaemonException {
        List<WatchSpec> added = watches.values().stream().filter(w -> !w.fromConfig()).map(w -> w.spec()).toList();
        try {
            WatchList.save(watchList, added);
        } catch (IOException e) {
            throw new DaemonException(DaemonException.Reason.FAILURE, "the watch is active but could not be saved to "
                    + watchList + ": " + e.getMessage(), e);
        }
    }
}
