package io.fsmon.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One watch of a running daemon and how it runs, as {@code fsmon list} and {@code fsmon status}
 * show it.
 *
 * @param spec                 the watch as it was given
 * @param description          the watch in {@code fsmon add}'s words ({@code /srv -r -t CREATE})
 * @param fromConfig           named in the daemon's config file (else added with {@link DaemonClient#add})
 * @param running              its monitor runs (when not, {@code error} says why)
 * @param marked               the monitor's "watching ..." lines (empty when it does not run)
 * @param events               events its running monitor delivered
 * @param unwatchedDirectories directories it could not mark: nothing under them is seen
 * @param error                why it is not watched, when it is not
 * @param restarts             times its monitor was restarted after it died
 */
public record DaemonWatch(WatchSpec spec, String description, boolean fromConfig, boolean running, List<String> marked,
                          long events, long unwatchedDirectories, Optional<String> error, long restarts) {
    /** Copies the list; checks that nothing is null. */
    public DaemonWatch {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(description, "description");
        marked = List.copyOf(marked);
        Objects.requireNonNull(error, "error");
    }

    /**
     * Watches as {@code fsmon list --format json} prints them (one line, no newline).
     *
     * @param watches the watches, as {@link DaemonClient#watches()} returned them
     * @return the JSON object
     */
    public static String toJson(List<DaemonWatch> watches) {
        return DaemonRecords.json(watches);
    }
}
