package io.fsmon.daemon;

import io.fsmon.timing.DurationHistogram;
import io.fsmon.event.EventType;

import java.util.List;
import java.util.Map;

/**
 * The daemon's counters at one moment ({@link Daemon#readings()}), for an exporter above this
 * package. Every figure is one its owner keeps anyway; reading them adds no work per event.
 * Ship lag (issue #14) joins here once shipping exists.
 *
 * @param watches             per watched path
 * @param tailDropped         events dropped to {@code tail} readers too slow to keep up
 * @param tailSubscribers     {@code tail} readers connected
 * @param historyBytesWritten bytes written to the history files
 * @param historyLines        events written (or buffered) to the history
 * @param historyDropped      events the history dropped while the disk refused writes
 * @param fsyncs              how long each {@code fdatasync} of the history took
 */
public record Readings(List<PerWatch> watches, long tailDropped, int tailSubscribers, long historyBytesWritten,
                       long historyLines, long historyDropped, DurationHistogram.Snapshot fsyncs) {

    /**
     * One watched path.
     *
     * @param running           whether its monitor runs (false: it failed to start or stopped)
     * @param events            events by type since the daemon started (markers such as OVERFLOW included)
     * @param unresolved        events whose path could not be resolved
     * @param processTable      process lives its attribution's table knows
     * @param processEventsLost proc-connector messages lost since its monitor started
     * @param holds             how long its batches waited for process facts; null when not running
     */
    public record PerWatch(String path, boolean running, Map<EventType, Long> events, long unresolved,
                           long processTable, long processEventsLost, DurationHistogram.Snapshot holds) {
    }
}
