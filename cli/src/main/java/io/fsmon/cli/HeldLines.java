package io.fsmon.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Diagnostics of work that runs beside the placing of the marks (the attribution's start-up, on
 * its own thread), kept until the monitor has started. A monitor that is refused (not root, no
 * such path) then says so in its one line, without a warning about taskstats before it that
 * only restates the same missing privilege; a monitor that starts prints them after its
 * "watching" lines, and later ones as they come.
 */
final class HeldLines implements Consumer<String> {
    private final PrintStream err;
    private List<String> held = new ArrayList<>();
    private boolean discarded;

    HeldLines(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void accept(String line) {
        if (held != null) {
            held.add(line);
        } else if (!discarded) {
            err.println("fsmon: " + line);
        }
    }

    /** Prints what was kept, and from now on every line as it comes. */
    synchronized void release() {
        if (held != null) {
            held.forEach(line -> err.println("fsmon: " + line));
            held = null;
        }
    }

    /** Drops what was kept and whatever comes later: the monitor did not start. */
    synchronized void discard() {
        held = null;
        discarded = true;
    }
}
