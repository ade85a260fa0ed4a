package io.fsmon.monitor;

/**
 * Counters of a monitor run, as a snapshot.
 *
 * @param events        events delivered to the sink (markers included)
 * @param overflows     times the kernel's queue overflowed
 * @param unresolved    events whose path could not be resolved (delivered with a null path)
 * @param records       kernel records read
 * @param filtered      events outside the scope or rejected by the filter
 */
public record MonitorStats(long events, long overflows, long unresolved, long records, long filtered) {

    /** The one-line summary printed when a run ends. */
    public String summary() {
        return events + " events, " + overflows + " overflows, " + unresolved + " unresolved paths";
    }
}
