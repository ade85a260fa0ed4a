package io.fsmon.api;

import io.fsmon.daemon.ControlClient;
import io.fsmon.daemon.DaemonException;
import io.fsmon.daemon.MalformedMessageException;
import io.fsmon.daemon.TailFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.Glob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The daemon's live events that pass the filters, from {@link DaemonClient#tail()}: the filters
 * of {@code fsmon tail}, then {@link #stream()}. Each filter constrains; none given: every
 * event. A reader too slow to keep up gets a {@link EventType#GAP} event saying how many it
 * missed; the daemon and its history lose nothing.
 */
public final class DaemonTail {
    private final ControlClient client;
    /** The client's open tails, by what closes each. */
    private final Set<Runnable> tails;
    private Set<EventType> types;
    private final List<String> excludes = new ArrayList<>();
    private Long minSize;
    private final Set<Integer> pids = new LinkedHashSet<>();
    private String command;
    private final Set<String> users = new LinkedHashSet<>();
    private Consumer<String> diagnostics = line -> { };

    DaemonTail(ControlClient client, Set<Runnable> tails) {
        this.client = client;
        this.tails = tails;
    }

    /**
     * Only these event types (markers always pass).
     *
     * @param types one or more types
     * @return this tail
     */
    public DaemonTail types(EventType... types) {
        if (types.length == 0) {
            throw new IllegalArgumentException("at least one event type");
        }
        this.types = EnumSet.copyOf(Arrays.asList(types));
        return this;
    }

    /**
     * Leaves out paths matching a glob. Repeatable.
     *
     * @param glob the pattern
     * @return this tail
     * @throws IllegalArgumentException if the pattern is malformed
     */
    public DaemonTail exclude(String glob) {
        Glob.compile(glob);
        excludes.add(glob);
        return this;
    }

    /**
     * Only files at least this large after the event.
     *
     * @param bytes the smallest size
     * @return this tail
     */
    public DaemonTail minSize(long bytes) {
        this.minSize = bytes;
        return this;
    }

    /**
     * Only events by this process. Repeatable: any of them.
     *
     * @param pid a process id
     * @return this tail
     */
    public DaemonTail pid(int pid) {
        pids.add(pid);
        return this;
    }

    /**
     * Only events by processes whose command matches a glob.
     *
     * @param glob the pattern
     * @return this tail
     */
    public DaemonTail command(String glob) {
        this.command = Objects.requireNonNull(glob, "glob");
        return this;
    }

    /**
     * Only events by this user, a name or a uid. Repeatable: any of them.
     *
     * @param user the user
     * @return this tail
     */
    public DaemonTail user(String user) {
        users.add(Objects.requireNonNull(user, "user"));
        return this;
    }

    /**
     * Where to say that a line from the daemon could not be read and was skipped (default: nowhere).
     *
     * @param diagnostics receives one sentence per skipped line
     * @return this tail
     */
    public DaemonTail diagnostics(Consumer<String> diagnostics) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        return this;
    }

    /**
     * Opens the tail: the events as they happen, until the daemon stops or the stream is
     * closed (close it: it holds a connection). Reading blocks until the next event. A
     * connection that breaks ends the stream with an {@link UncheckedIOException}; closing
     * the stream, from any thread, ends it quietly.
     *
     * @return the live events
     * @throws FsmonException if the daemon cannot be reached or refuses
     * @throws IllegalArgumentException if a filter is malformed
     */
    public Stream<FileEvent> stream() throws FsmonException {
        ControlClient.Tail tail;
        try {
            tail = client.tail(new TailFilter(types, excludes, minSize, pids, command, users));
        } catch (DaemonException e) {
            throw DaemonClient.failure(e);
        }
        Consumer<String> said = diagnostics;
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closer = new Runnable() {
            @Override
            public void run() {
                closed.set(true); // first: the read this close ends must see it
                tails.remove(this);
                tail.close();
            }
        };
        tails.add(closer);
        Spliterator<FileEvent> events = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super FileEvent> action) {
                while (true) {
                    try {
                        FileEvent e = tail.next();
                        if (e == null) {
                            return false;
                        }
                        action.accept(e);
                        return true;
                    } catch (MalformedMessageException m) {
                        said.accept("skipped a malformed line from the daemon: " + m.getMessage());
                    } catch (IOException io) {
                        if (closed.get()) {
                            return false;
                        }
                        throw new UncheckedIOException(new FsmonException("the connection to the daemon broke: "
                                + io.getMessage(), io));
                    }
                }
            }
        };
        return StreamSupport.stream(events, false).onClose(closer);
    }
}
