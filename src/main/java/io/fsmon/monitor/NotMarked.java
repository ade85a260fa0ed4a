package io.fsmon.monitor;

import io.fsmon.linux.NativeException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Directories that per-directory mode could not mark, so that nothing under them is reported: how
 * many, the first few by name, and why. A loss is counted and said, never silent. The reader thread
 * adds; {@link #line} and {@link #count} may be read from any thread (the daemon's status).
 */
final class NotMarked {
    /** Directories named in a line; the rest are counted. */
    static final int NAMED = 5;

    private final List<String> first = new ArrayList<>();
    private final Set<String> reasons = new LinkedHashSet<>();
    private long count;

    /** Counts {@code path}; returns the reason in words. */
    synchronized String add(String path, NativeException e) {
        count++;
        if (first.size() < NAMED) {
            first.add(path);
        }
        String reason = reason(e);
        reasons.add(reason);
        return reason;
    }

    synchronized long count() {
        return count;
    }

    /** "NOT watching N directories {@code where} (why): the first few and N more", or null when none. */
    synchronized String line(String where) {
        if (count == 0) {
            return null;
        }
        return "NOT watching " + count + " director" + (count == 1 ? "y" : "ies") + " " + where
                + " (" + String.join("; ", reasons) + "): " + String.join(", ", first)
                + (count > first.size() ? " and " + (count - first.size()) + " more" : "");
    }

    static String reason(NativeException e) {
        if (e.errno() == NativeException.ENOSPC) {
            return e.function() + ": ENOSPC: the limit /proc/sys/fs/fanotify/max_user_marks is reached";
        }
        return e.function() + ": " + NativeException.errnoName(e.errno()) + ": "
                + NativeException.errnoDescription(e.errno());
    }
}
