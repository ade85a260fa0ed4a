package io.fsmon.monitor;

import io.fsmon.event.Actor;

import java.util.function.IntFunction;

/**
 * Who made an event: the monitor's side of attribution. The reader thread tells it when each
 * read happened and what each pid exec'd (FAN_OPEN_EXEC records, before any scope or filter),
 * then asks for the actors of that read's records. Called on the reader thread only.
 */
public interface Attribution extends AutoCloseable {

    /**
     * Returns once an event made from now on will be attributed whole (its process named): for
     * the process table, once the connector is subscribed, {@code /proc} scanned and the listener
     * running. The monitor calls it after placing its marks and before announcing them, so that
     * "watching" (and systemd's READY=1, and a library's {@code start} returning) promises that.
     *
     * @throws RuntimeException when the attribution could not be built (the monitor does not start)
     */
    default void awaitReady() {
    }

    /**
     * A read of the fanotify group returned records. Called before they are interpreted, so an
     * implementation may wait (bounded) for process information still on its way.
     *
     * @param startNanos {@link System#nanoTime} before the read
     * @param endNanos   {@link System#nanoTime} after it returned
     * @param full       whether the read filled the buffer (records may have stayed queued)
     */
    default void batchRead(long startNanos, long endNanos, boolean full) {
    }

    /**
     * The batch just interpreted held records back for the next read ({@link RecordInterpreter}):
     * they are attributed with it, so its window must still cover the processes of this one.
     */
    default void heldOver() {
    }

    /**
     * Process {@code pid} exec'd (opened for execution) {@code path}; null when unresolved.
     * Abstract (not defaulted) so that a lambda or {@code table::actorOf} is never ambiguous
     * between this interface and {@code IntFunction<Actor>}.
     */
    void execOpened(int pid, String path);

    /** The actor of a record by {@code pid} in the current batch. */
    Actor actorOf(int pid);

    /** Whether events by {@code actor} (null for unknown) pass the actor constraints only this side can check. */
    default boolean selects(Actor actor) {
        return true;
    }

    /** Lines for the end-of-run summary (lost process messages, holds); empty by default. */
    default String summary() {
        return "";
    }

    @Override
    default void close() {
    }

    /** Attribution by a plain pid lookup (no exec correlation, no hold). */
    static Attribution of(IntFunction<Actor> actors) {
        return new Attribution() {
            @Override
            public void execOpened(int pid, String path) {
            }

            @Override
            public Actor actorOf(int pid) {
                return actors.apply(pid);
            }
        };
    }
}
