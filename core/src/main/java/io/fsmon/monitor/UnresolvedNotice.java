package io.fsmon.monitor;

import io.fsmon.event.EventType;

import java.util.function.Consumer;

/**
 * Says, on the monitor's diagnostics, that an event was not shown for want of a path although it
 * may have been in a watched path: under a filesystem mark such an event is otherwise only counted
 * in the summary's unresolved paths. The first {@link #DETAILED} one line each, then one line at
 * every power of ten, so a busy filesystem cannot flood stderr. Owned by the reader thread.
 */
final class UnresolvedNotice {
    static final int DETAILED = 3;

    private final Consumer<String> diagnostics;
    private long count;

    UnresolvedNotice(Consumer<String> diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** An event of {@code type} by {@code pid}, named {@code name} in a directory that could not be named, was dropped. */
    void dropped(EventType type, int pid, String name) {
        count++;
        if (count <= DETAILED) {
            diagnostics.accept("not shown: a " + type + (name == null || name.isEmpty() ? "" : " of '" + name + "'")
                    + " by pid " + pid + " in a directory that is gone and could not be named; it may have been"
                    + " in a watched path (counted in the unresolved paths)");
        } else if (powerOfTen(count)) {
            diagnostics.accept("not shown so far: " + count + " events in directories that could not be named"
                    + " and may have been in a watched path (counted in the unresolved paths)");
        }
    }

    long count() {
        return count;
    }

    private static boolean powerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
