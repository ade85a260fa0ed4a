package io.fsmon.monitor;

import io.fsmon.event.Actor;
import io.fsmon.timing.DurationHistogram;
import io.fsmon.linux.NativeException;
import io.fsmon.proc.ExecImages;
import io.fsmon.proc.ProcConnector;
import io.fsmon.proc.ProcLookup;
import io.fsmon.proc.ProcessTable;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Attribution from the process table kept by the proc connector, corrected by what fanotify saw
 * each pid exec; the {@code /proc}-at-event-time lookup where the connector is unavailable.
 *
 * <p>Why each batch is held: a process's exec message arrives on the connector's socket and may be
 * handled after the monitor has read the file events that process made next. Before a batch is
 * interpreted, the reader waits until the connector has handled everything that happened before
 * the read ({@link ProcConnector#awaitCaughtUp}), at most {@code hold}; when the listener was
 * stalled (measured: 7 of 1634 holds exceeded 10 ms on 2 busy cores, the worst 19 ms) it waits on
 * up to {@link #MAX_HOLD}. A batch that still is not covered gets pid-only actors: the table may
 * not have seen an exec or setuid that preceded it, and a stale name would be a wrong name. Holds,
 * their mean and worst, and the pid-only events are reported in the summary.
 *
 * <p>Why each batch has a window: an event read in {@code (from, to]} was queued after the start
 * of the previous read that emptied the queue, so only process lives overlapping that window can
 * have made it (see {@link ProcessTable}).
 */
public final class ProcessAttribution implements Attribution {

    /** The bound on how long a batch waits for the connector. */
    public static final Duration DEFAULT_HOLD = Duration.ofMillis(10);
    /** Past the hold, how long a batch may wait for a stalled listener before it is attributed by pid only. */
    public static final Duration MAX_HOLD = Duration.ofMillis(250);
    /** At start, how long the listener may take to handle what queued during the scan (then the start goes on). */
    static final Duration READY_WAIT = Duration.ofSeconds(2);

    private final ProcConnector connector;
    private final ProcessTable table;
    private final ProcLookup fallback;
    private final ExecImages images = new ExecImages(1 << 16);
    private final DurationHistogram holdTimes = new DurationHistogram();
    private final boolean chain;
    private final String ancestor;
    private final long holdNanos;
    private long from = Long.MIN_VALUE;
    private long to = Long.MAX_VALUE;
    private long nextFrom;
    private long holds;
    private long holdTimeouts;
    private long heldNanos;
    private long maxHeldNanos;
    private boolean uncovered;
    private long pidOnly;

    private ProcessAttribution(ProcConnector connector, ProcessTable table, boolean chain, String ancestor,
                               Duration hold, long startedAt) {
        this.connector = connector;
        this.table = table;
        this.fallback = connector == null ? new ProcLookup() : null;
        this.chain = chain;
        this.ancestor = ancestor;
        this.holdNanos = hold.toNanos();
        // The first read's window opens before the connector was subscribed, not when the table
        // was ready: a process that exited while /proc was scanned made events still queued.
        this.nextFrom = startedAt;
    }

    /**
     * Subscribes to the connector, fills the table from {@code /proc} and starts listening; falls
     * back to reading {@code /proc} per event (saying so on {@code diagnostics}) where the kernel
     * refuses the connector.
     *
     * @param chain    add each actor's ancestry
     * @param ancestor select only processes named so and their descendants; null for all
     */
    public static ProcessAttribution start(boolean chain, String ancestor, Duration hold, Consumer<String> diagnostics) {
        long startedAt = System.nanoTime();
        ProcConnector connector;
        try {
            connector = ProcConnector.open();
        } catch (NativeException e) {
            diagnostics.accept("process events connector unavailable (" + e.getMessage()
                    + "): naming processes from /proc when their events are read; short-lived ones may stay unnamed"
                    + (chain || ancestor != null ? ", and --chain/--ancestor see no ancestry" : ""));
            return new ProcessAttribution(null, null, chain, ancestor, hold, startedAt);
        }
        if (connector.exitCommsUnavailable() != null) {
            diagnostics.accept("taskstats unavailable (" + connector.exitCommsUnavailable()
                    + "): processes gone before /proc is read are named from their executable only");
        }
        ProcessTable table = new ProcessTable();
        try {
            table.fill();
        } catch (IOException e) {
            diagnostics.accept("cannot list /proc (" + e.getMessage() + "): processes started before fsmon stay unnamed");
        }
        connector.start(table::apply);
        return new ProcessAttribution(connector, table, chain, ancestor, hold, startedAt);
    }

    /**
     * Ready once the listener has handled what queued while {@code /proc} was scanned: a fresh
     * listener may otherwise meet the first reads with a backlog of execs (each read from
     * {@code /proc}) and make them wait past {@link #MAX_HOLD}, to be named by pid only.
     */
    @Override
    public void awaitReady() {
        if (connector == null) {
            return;
        }
        try {
            connector.awaitCaughtUp(System.nanoTime(), READY_WAIT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void batchRead(long startNanos, long endNanos, boolean full) {
        from = nextFrom;
        to = endNanos;
        if (!full) {
            nextFrom = startNanos; // that read emptied the queue: later records were queued after it began
        }
        if (connector == null) {
            return;
        }
        long before = System.nanoTime();
        boolean caughtUp = catchUp(endNanos);
        long held = System.nanoTime() - before;
        holdTimes.observe(held);
        holds++;
        heldNanos += held;
        maxHeldNanos = Math.max(maxHeldNanos, held);
        if (held > holdNanos) {
            holdTimeouts++;
        }
        uncovered = !caughtUp;
    }

    /**
     * Records of this read are held for the next ({@code mv}'s MOVE_SELF, the last record of its
     * burst): the next window opens where this one did, or a process that exited before the next
     * read began would be outside it and unnamed (133 MOVE_SELF of 2,000 {@code mv} under load).
     */
    @Override
    public void heldOver() {
        nextFrom = Math.min(nextFrom, from);
    }

    @Override
    public void execOpened(int pid, String path) {
        images.opened(pid, path, from, to);
    }

    @Override
    public Actor actorOf(int pid) {
        if (connector == null) {
            return fallback.actorOf(pid);
        }
        if (uncovered) {
            pidOnly++;
            return Actor.unknown(pid);
        }
        boolean links = chain || ancestor != null;
        Actor a = table.actorOf(pid, from, to, images, chain);
        if ((a.comm() == null || unnamedLink(a)) && table.exitPending(pid, from, to, links)) {
            // Its exec's (or an ancestor's) /proc was gone when the listener read it: the process
            // has exited, so its exit (and the comm taskstats reports with it) is queued already.
            // Catch up to now, waiting on a stalled listener as a batch does.
            if (catchUp(System.nanoTime())) {
                a = table.actorOf(pid, from, to, images, chain);
            }
        }
        return a;
    }

    /**
     * Waits until the listener has handled every process event before {@code moment}: the hold,
     * then up to {@link #MAX_HOLD} for a stalled listener. False when it did not catch up.
     */
    private boolean catchUp(long moment) {
        try {
            return connector.awaitCaughtUp(moment, holdNanos) || connector.awaitCaughtUp(moment, MAX_HOLD.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether an ancestor is unnamed (without a chain, ancestry may still be asked by {@link #selects}). */
    private boolean unnamedLink(Actor a) {
        if (a.chain() != null) {
            return a.chain().stream().anyMatch(l -> l.comm() == null);
        }
        return ancestor != null;
    }

    /** What the process table knows of {@code pid}, for a test's failure message. */
    String describe(int pid) {
        return table == null ? "no process table" : table.describe(pid);
    }

    @Override
    public boolean selects(Actor actor) {
        if (ancestor == null) {
            return true;
        }
        if (actor == null) {
            return false;
        }
        if (ancestor.equals(actor.comm())) {
            return true;
        }
        var links = actor.chain() != null || connector == null || uncovered ? actor.chain()
                : table.actorOf(actor.pid(), from, to, images, true).chain();
        return links != null && links.stream().anyMatch(l -> ancestor.equals(l.comm()));
    }

    @Override
    public String summary() {
        if (connector == null) {
            return "";
        }
        return connector.lost() + " lost process events, " + table.ambiguous() + " ambiguous pids, "
                + (connector.exitCommsUnavailable() != null ? "" : table.exitNamed() + " processes named at exit"
                + (connector.exitOverruns() == 0 ? ", " : " (" + connector.exitOverruns() + " exit overruns), "))
                + holdTimeouts + "/" + holds + " holds over " + holdNanos / 1_000_000 + " ms, " + pidOnly
                + " events by pid only (mean hold " + (holds == 0 ? 0 : heldNanos / holds / 1000)
                + " µs, max " + maxHeldNanos / 1000 + " µs)";
    }

    /** Process-event messages lost so far (0 without a connector). */
    public long lostProcessEvents() {
        return connector == null ? 0 : connector.lost();
    }

    /** How long each batch waited for the connector (none are counted without it). */
    public DurationHistogram holdTimes() {
        return holdTimes;
    }

    /** Process lives in the table, exited ones still remembered included (0 without a connector). */
    public int tableSize() {
        return table == null ? 0 : table.size();
    }

    /** Whether the connector is in use. */
    public boolean connected() {
        return connector != null;
    }

    @Override
    public void close() {
        if (connector != null) {
            connector.close();
        }
    }
}
