package io.fsmon.daemon;

import io.fsmon.event.FileEvent;

import java.util.List;
import java.util.Objects;

/**
 * What the daemon answers on its control socket: the answer to one {@link Request}, a refusal
 * ({@link Failure}), or, after a {@link Request.Tail} was accepted, one {@link Event} per line.
 * {@link ControlCodec} owns the JSON line each one travels as.
 */
public sealed interface Reply permits StatusReport, Reply.Watches, Reply.Added, Reply.Removed, Reply.Streaming,
        Reply.Stopping, Reply.Event, Reply.Failure {

    /** The watches, in the daemon's order. */
    record Watches(List<StatusReport.WatchStatus> watches) implements Reply {
        public Watches {
            watches = List.copyOf(watches);
        }
    }

    /** A watch is placed: one line per mark ("watching /srv (filesystem mark on ...)"). */
    record Added(List<String> watching) implements Reply {
        public Added {
            watching = List.copyOf(watching);
        }
    }

    /**
     * A watch is removed.
     *
     * @param note null, or a sentence for the user (the path is in the config file, so it comes back after a restart)
     */
    record Removed(String note) implements Reply {
    }

    /** A tail is accepted: events follow, one per line, until either side closes. */
    record Streaming() implements Reply {
    }

    /** The daemon stops now; {@code pid} is its process, for a client that waits for its end. */
    record Stopping(long pid) implements Reply {
    }

    /** One live event of a tail (or a GAP marker for events this reader missed). */
    record Event(FileEvent event) implements Reply {
        public Event {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * A refusal: why (a reason a caller can switch on; its lower-case name travels as the
     * {@code code}) and one line for a human.
     */
    record Failure(DaemonException.Reason reason, String message) implements Reply {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
