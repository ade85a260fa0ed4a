package io.fsmon.api;

import io.fsmon.daemon.ControlClient;
import io.fsmon.daemon.DaemonException;
import io.fsmon.daemon.DaemonSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of a running fsmon daemon ({@code fsmon daemon}), as the {@code status}, {@code list},
 * {@code add}, {@code remove}, {@code tail} and {@code stop} commands use it.
 *
 * <pre>{@code
 * try (DaemonClient daemon = DaemonClient.connect()) {
 *     System.out.println(daemon.status().healthy());
 *     daemon.add(WatchSpec.builder(Path.of("/etc")).recursive(true).build());
 *     try (Stream<FileEvent> events = daemon.tail().types(EventType.CREATE).stream()) {
 *         events.limit(10).forEach(System.out::println);
 *     }
 * }
 * }</pre>
 *
 * <p>Each call is one request on a connection of its own, answered within 30 s (an {@code add},
 * which marks a whole tree first, 10 minutes). Reading (status, watches, tail) needs root or
 * membership of the daemon's group; changing its watches and stopping it need root. Failures
 * are {@link DaemonNotRunningException}, {@link DaemonDeniedException}, the daemon's own refusals
 * ({@link PathNotFoundException}, {@link CannotWatchException}, {@link NotPrivilegedException}),
 * or a plain {@link FsmonException}; a request the daemon calls malformed is an
 * {@link IllegalArgumentException}. Thread-safe.
 */
public final class DaemonClient implements AutoCloseable {
    private final ControlClient client;
    /** How to close each tail still open: what its stream's close does. */
    private final Set<Runnable> tails = ConcurrentHashMap.newKeySet();

    private DaemonClient(Path socket) {
        this.client = new ControlClient(socket);
    }

    /**
     * Connects to the daemon where the command line finds it: {@code FSMON_RUNTIME_DIR}, else the
     * runtime directory of the config file ({@code FSMON_CONFIG}, else {@code /etc/fsmon/fsmon.toml}),
     * else {@code /run/fsmon}.
     *
     * @return a client of that daemon
     * @throws FsmonException {@link DaemonNotRunningException} when no daemon answers there,
     *                        {@link DaemonDeniedException} when its folder or socket refuses this user
     * @throws IllegalArgumentException if the config file is malformed
     */
    public static DaemonClient connect() throws FsmonException {
        return at(DaemonSettings.socketFor(null, null, System.getenv(), true));
    }

    /**
     * Connects to the daemon of a runtime directory (its {@code --runtime-dir}).
     *
     * @param runtimeDir the folder holding its control socket {@code fsmon.sock}
     * @return a client of that daemon
     * @throws FsmonException {@link DaemonNotRunningException} when no daemon answers there,
     *                        {@link DaemonDeniedException} when the folder or the socket refuses this user
     */
    public static DaemonClient connect(Path runtimeDir) throws FsmonException {
        return at(runtimeDir.resolve("fsmon.sock"));
    }

    private static DaemonClient at(Path socket) throws FsmonException {
        try {
            ControlClient.probe(socket);
        } catch (DaemonException e) {
            throw failure(e);
        }
        return new DaemonClient(socket);
    }

    /**
     * The daemon's control socket.
     *
     * @return the socket's path
     */
    public Path socket() {
        return client.socket();
    }

    /**
     * How the daemon is doing.
     *
     * @return its status
     * @throws FsmonException if it cannot be asked
     */
    public DaemonStatus status() throws FsmonException {
        try {
            return DaemonRecords.status(client.status(), client.socket());
        } catch (DaemonException e) {
            throw failure(e);
        }
    }

    /**
     * What the daemon watches.
     *
     * @return its watches, in its order
     * @throws FsmonException if it cannot be asked
     */
    public List<DaemonWatch> watches() throws FsmonException {
        try {
            return client.watches().stream().map(DaemonRecords::watch).toList();
        } catch (DaemonException e) {
            throw failure(e);
        }
    }

    /**
     * Makes the daemon watch a path (or watch it with new options), and remember it across its
     * restarts. Returns once the marks are placed. Needs root.
     *
     * @param watch the path and its options
     * @return the daemon's "watching ..." lines, one per way the path is marked
     * @throws FsmonException {@link PathNotFoundException}, {@link CannotWatchException},
     *                        {@link DaemonDeniedException} (not root), or another failure
     */
    public List<String> add(WatchSpec watch) throws FsmonException {
        try {
            return client.add(DaemonRecords.internal(watch));
        } catch (DaemonException e) {
            throw failure(e);
        }
    }

    /**
     * Makes the daemon stop watching a path, as it was added, and forget it. Needs root.
     *
     * @param path the watched path (made absolute)
     * @return a note for the user when there is one (the path is in the daemon's config file, so
     *         it is watched again after a restart)
     * @throws FsmonException {@link PathNotFoundException} when the daemon does not watch it,
     *                        {@link DaemonDeniedException} (not root), or another failure
     */
    public Optional<String> remove(Path path) throws FsmonException {
        try {
            return client.remove(path.toAbsolutePath().normalize().toString());
        } catch (DaemonException e) {
            throw failure(e);
        }
    }

    /**
     * Asks the daemon to stop: it drains the kernel's queues, writes and syncs the history, and
     * exits. Needs root.
     *
     * @return the daemon's pid, to wait for its end ({@link ProcessHandle#of})
     * @throws FsmonException if it cannot be asked
     */
    public long stop() throws FsmonException {
        try {
            return client.stop();
        } catch (DaemonException e) {
            throw failure(e);
        }
    }

    /**
     * A tail of the daemon's live events, to narrow with filters (the monitor's) and open with
     * {@link DaemonTail#stream()}.
     *
     * @return the tail's builder, with no filter
     */
    public DaemonTail tail() {
        return new DaemonTail(client, tails);
    }

    /** Ends the tails of this client still open, as closing their streams does. */
    @Override
    public void close() {
        tails.forEach(Runnable::run);
    }

    /** The daemon's refusal or an unreachable daemon as the API's exception. */
    static FsmonException failure(DaemonException e) {
        if (e.reason() == DaemonException.Reason.USAGE) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return Errors.of(e);
    }
}
