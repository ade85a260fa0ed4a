package io.fsmon.monitor;

import io.fsmon.linux.NativeException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Directories that per-directory mode could not mark, so that nothing under them is reported: how
 * many, the first few by name, and why. A loss is counted and said, never silent: while a root is
 * placed its misses make one line of its own ({@link #endRoot}); after start the first few are said
 * as they happen, and all are counted for the daemon's status. The reader thread adds;
 * {@link #line} and {@link #count} may be read from any thread.
 */
final class NotMarked {
    /** Directories named in a line, and said one by one after start; the rest are counted. */
    static final int NAMED = 5;

    private final Tally total = new Tally();
    /** The misses of the root being placed; null after start. */
    private Tally root;
    private Consumer<String> warnings = line -> { };
    private int saidLive;

    /** Counts and names at most {@link #NAMED} directories, and says why. */
    private static final class Tally {
        final List<String> first = new ArrayList<>();
        final Set<String> reasons = new LinkedHashSet<>();
        long count;

        void add(String path, String reason) {
            count++;
            if (first.size() < NAMED) {
                first.add(path);
            }
            reasons.add(reason);
        }

        String line(String where) {
            if (count == 0) {
                return null;
            }
            return "NOT watching " + count + " director" + (count == 1 ? "y" : "ies") + " " + where
                    + " (" + String.join("; ", reasons) + "): " + String.join(", ", first)
                    + (count > first.size() ? " and " + (count - first.size()) + " more" : "");
        }
    }

    /** A root's marks are about to be placed: its misses are tallied apart until {@link #endRoot}. */
    synchronized void beginRoot() {
        root = new Tally();
    }

    /** The line for the root just placed ({@code NOT watching N directories under ROOT ...}), or null. */
    synchronized String endRoot(String path) {
        String line = root.line("under " + path);
        root = null;
        return line;
    }

    /** After start, the first few misses are said through {@code warnings} as they happen. */
    synchronized void sayFromNowOn(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Counts {@code path}, which could not be marked or walked because of {@code e}. */
    void add(String path, NativeException e) {
        String reason = reason(e);
        String say = null;
        synchronized (this) {
            total.add(path, reason);
            if (root != null) {
                root.add(path, reason);
            } else if (saidLive < NAMED) {
                saidLive++;
                say = "NOT watching new directory " + path + " (" + reason + ")"
                        + (saidLive == NAMED ? "; further ones are only counted (fsmon status)" : "");
            }
        }
        if (say != null) {
            warnings.accept(say);
        }
    }

    synchronized long count() {
        return total.count;
    }

    /** Every miss so far: "NOT watching N directories {@code where} (why): the first few and N more", or null. */
    synchronized String line(String where) {
        return total.line(where);
    }

    static String reason(NativeException e) {
        if (e.errno() == NativeException.ENOSPC) {
            return e.function() + ": ENOSPC: the limit /proc/sys/fs/fanotify/max_user_marks is reached";
        }
        return e.function() + ": " + NativeException.errnoName(e.errno()) + ": "
                + NativeException.errnoDescription(e.errno());
    }
}
