package io.fsmon.metrics;

import io.fsmon.daemon.Readings;
import io.fsmon.timing.DurationHistogram;
import io.fsmon.event.EventType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.function.Supplier;

/**
 * fsmon's own metrics, built at each scrape from one {@link Readings} of the daemon: the counters
 * its owners keep anyway are read, nothing is counted here, so serving metrics adds no work to
 * the event path. One read per scrape keeps every family of a scrape consistent with the others.
 */
final class DaemonCollector implements MultiCollector {
    private static final double NANOS_PER_SECOND = 1e9;

    private final Supplier<Readings> readings;

    DaemonCollector(Supplier<Readings> readings) {
        this.readings = readings;
    }

    @Override
    public MetricSnapshots collect() {
        Readings r = readings.get();
        var events = CounterSnapshot.builder().name("fsmon_events")
                .help("File events delivered, by type and watched path");
        var overflows = CounterSnapshot.builder().name("fsmon_overflows")
                .help("Times the kernel's fanotify queue overflowed and events were lost, by watched path");
        var unresolved = CounterSnapshot.builder().name("fsmon_unresolved_paths")
                .help("Events whose path could not be resolved, by watched path");
        var running = GaugeSnapshot.builder().name("fsmon_watch_running")
                .help("1 while the watch's monitor runs, 0 when it failed to start or stopped");
        var table = GaugeSnapshot.builder().name("fsmon_process_table_entries")
                .help("Process lives the watch's attribution table knows, recently exited ones included");
        var lost = CounterSnapshot.builder().name("fsmon_process_events_lost")
                .help("Process events (fork, exec, exit) the kernel's proc connector dropped, since the watch's monitor started");
        var holds = HistogramSnapshot.builder().name("fsmon_attribution_hold_seconds").unit(Unit.SECONDS)
                .help("How long each batch of file events waited for the process facts that precede it");
        for (Readings.PerWatch w : r.watches()) {
            Labels watch = Labels.of("watch", w.path());
            for (EventType t : EventType.ALL) {
                events.dataPoint(counter(w.events().getOrDefault(t, 0L), watch.add("type", t.name())));
            }
            overflows.dataPoint(counter(w.events().getOrDefault(EventType.OVERFLOW, 0L), watch));
            unresolved.dataPoint(counter(w.unresolved(), watch));
            running.dataPoint(gauge(w.running() ? 1 : 0, watch));
            table.dataPoint(gauge(w.processTable(), watch));
            lost.dataPoint(counter(w.processEventsLost(), watch));
            if (w.holds() != null) {
                holds.dataPoint(histogram(w.holds(), watch));
            }
        }
        return MetricSnapshots.of(events.build(), overflows.build(), unresolved.build(), running.build(),
                table.build(), lost.build(), holds.build(),
                CounterSnapshot.builder().name("fsmon_tail_dropped_events")
                        .help("Events dropped to tail readers too slow to keep up (each gets a GAP marker instead)")
                        .dataPoint(counter(r.tailDropped(), Labels.EMPTY)).build(),
                GaugeSnapshot.builder().name("fsmon_tail_readers").help("Connected tail readers")
                        .dataPoint(gauge(r.tailSubscribers(), Labels.EMPTY)).build(),
                CounterSnapshot.builder().name("fsmon_history_written_bytes").unit(Unit.BYTES)
                        .help("Bytes written to the history files")
                        .dataPoint(counter(r.historyBytesWritten(), Labels.EMPTY)).build(),
                CounterSnapshot.builder().name("fsmon_history_events")
                        .help("Events appended to the history")
                        .dataPoint(counter(r.historyLines(), Labels.EMPTY)).build(),
                CounterSnapshot.builder().name("fsmon_history_dropped_events")
                        .help("Events the history dropped while the disk refused writes")
                        .dataPoint(counter(r.historyDropped(), Labels.EMPTY)).build(),
                HistogramSnapshot.builder().name("fsmon_history_fsync_duration_seconds").unit(Unit.SECONDS)
                        .help("How long each fdatasync of the history file took")
                        .dataPoint(histogram(r.fsyncs(), Labels.EMPTY)).build());
        // Ship lag (issue #14): a gauge family built from Readings here, once shipping exists.
    }

    private static CounterDataPointSnapshot counter(long value, Labels labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(labels).build();
    }

    private static GaugeDataPointSnapshot gauge(long value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }

    private static HistogramDataPointSnapshot histogram(DurationHistogram.Snapshot s, Labels labels) {
        long[] bounds = s.boundsNanos();
        double[] upper = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            upper[i] = bounds[i] / NANOS_PER_SECOND;
        }
        upper[bounds.length] = Double.POSITIVE_INFINITY;
        return HistogramDataPointSnapshot.builder().classicHistogramBuckets(ClassicHistogramBuckets.of(upper, s.counts()))
                .sum(s.sumNanos() / NANOS_PER_SECOND).labels(labels).build();
    }
}
