package io.fsmon.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Notes of work that runs beside the placing of the marks (the attribution's start-up, on its own
 * thread), kept until the watcher has started. A watcher that is refused (not root, no such path)
 * then says so in its one exception, without a note about taskstats before it that only restates
 * the same missing privilege; a watcher that starts passes them on after its "watching" lines,
 * and later ones as they come.
 */
final class HeldLines implements Consumer<String> {
    private final Consumer<String> out;
    private List<String> held = new ArrayList<>();
    private boolean discarded;

    HeldLines(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public synchronized void accept(String line) {
        if (held != null) {
            held.add(line);
        } else if (!discarded) {
            out.accept(line);
        }
    }

    /** Passes on what was kept, and from now on every line as it comes. */
    synchronized void release() {
        if (held != null) {
            held.forEach(out);
            held = null;
        }
    }

    /** Drops what was kept and whatever comes later: the watcher did not start. */
    synchronized void discard() {
        held = null;
        discarded = true;
    }
}
