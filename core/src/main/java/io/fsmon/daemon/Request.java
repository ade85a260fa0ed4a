package io.fsmon.daemon;

import java.util.Objects;

/**
 * What a client asks the daemon on its control socket: one request per connection, answered by
 * one {@link Reply} ({@link Tail} then streams events). {@link ControlCodec} owns the JSON line
 * each one travels as; the server answers them with an exhaustive {@code switch}.
 */
public sealed interface Request {
    /** How the daemon is doing: answered with a {@link StatusReport}. */
    record Status() implements Request {
    }

    /** What the daemon watches: answered with {@link Reply.Watches}. */
    record ListWatches() implements Request {
    }

    /** Start (or restart with new options) a watch, and persist it: answered with {@link Reply.Added}. */
    record Add(WatchSpec watch) implements Request {
        public Add {
            Objects.requireNonNull(watch, "watch");
        }
    }

    /** Stop watching a path as it was given to {@code add} (absolute): answered with {@link Reply.Removed}. */
    record Remove(String path) implements Request {
        public Remove {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Follow the live events the filter selects: answered with {@link Reply.Streaming}, then events. */
    record Tail(TailFilter filter) implements Request {
        public Tail {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /** Drain, write, sync and exit: answered with {@link Reply.Stopping} before the daemon stops. */
    record Stop() implements Request {
    }

    /** Whether only root may ask this (whether a peer may ask anything at all is decided on connecting). */
    default boolean needsRoot() {
        return switch (this) {
            case Add _, Remove _, Stop _ -> true;
            case Status _, ListWatches _, Tail _ -> false;
        };
    }
}
