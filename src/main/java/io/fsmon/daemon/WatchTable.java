package io.fsmon.daemon;

import io.fsmon.monitor.Attribution;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.MonitorException;
import io.fsmon.monitor.ProcessAttribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The daemon's watches by path, each with its running {@link Monitor} feeding the daemon's sink.
 * Watches added over the control socket are persisted in the {@link WatchList}; those of the
 * config file are not. Every method is synchronized: the control socket's clients, the event
 * loop and status reads reach it from different threads.
 */
final class WatchTable {
    private final Path watchList;
    private final EventSink sink;
    private final Consumer<String> log;
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private long retiredUnresolved;

    /**
     * One watch and its running monitor (null when it could not be started, with the error), and
     * the monitor's attribution: its own connector and process table (its hold state is per reader).
     */
    record Watch(WatchSpec spec, boolean fromConfig, Monitor monitor, Attribution attribution, String error) {
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

    /** Marks each watch whose monitor has stopped by itself as stopped, with the reason, and logs it. */
    synchronized void checkMonitors() {
        for (Map.Entry<String, Watch> e : watches.entrySet()) {
            Watch w = e.getValue();
            if (w.monitor() != null && !w.monitor().isRunning()) {
                Throwable f = w.monitor().failure();
                String why = f == null ? "the monitor stopped" : f.getMessage();
                log.accept("watch " + e.getKey() + " stopped: " + why);
                retire(w);
                e.setValue(new Watch(w.spec(), w.fromConfig(), null, null, "stopped: " + why));
            }
        }
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

    /** Events whose path could not be resolved, by the running monitors and those already stopped. */
    synchronized long unresolved() {
        long unresolved = retiredUnresolved;
        for (Watch w : watches.values()) {
            unresolved += w.monitor() == null ? 0 : w.monitor().stats().unresolved();
        }
        return unresolved;
    }

    private void retire(Watch w) {
        if (w.monitor() != null) {
            w.monitor().stop();
            retiredUnresolved += w.monitor().stats().unresolved();
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
