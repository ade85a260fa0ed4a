package io.fsmon.daemon;

import io.fsmon.event.FileEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A client of a daemon's control socket: one typed method per request, each on a connection of
 * its own (the daemon answers one request per connection). Every failure is a
 * {@link DaemonException} whose reason a caller can switch on: {@code NOT_RUNNING} (nothing
 * answers), {@code DENIED} (the socket or the daemon refuses this user), the daemon's own refusal
 * ({@code USAGE}, {@code PATH_NOT_FOUND}, {@code CANNOT_WATCH}, {@code BUSY}, ...), or
 * {@code FAILURE} (the connection broke, the answer cannot be read, no answer in time).
 *
 * <p>An answer is awaited {@value #ANSWER_SECONDS} s at most ({@code add}, which marks a whole
 * tree first, {@value #ADD_SECONDS} s), so a client never hangs on a daemon that is hung or
 * starved.
 */
public final class ControlClient {
    static final int ANSWER_SECONDS = 30;
    static final int ADD_SECONDS = 600;
    private final Path socket;

    /** A client of the daemon listening on {@code socket} (nothing is connected until a request). */
    public ControlClient(Path socket) {
        this.socket = socket;
    }

    /**
     * Checks that a daemon listens on {@code socket} (connects, and closes without asking).
     *
     * @throws DaemonException NOT_RUNNING when nothing answers there, DENIED when the folder or the socket refuses us
     */
    public static void probe(Path socket) throws DaemonException {
        Connection.open(socket).close();
    }

    /** The control socket this client talks to. */
    public Path socket() {
        return socket;
    }

    /** How the daemon is doing. */
    public StatusReport status() throws DaemonException {
        return call(new Request.Status(), StatusReport.class);
    }

    /** What the daemon watches. */
    public List<StatusReport.WatchStatus> watches() throws DaemonException {
        return call(new Request.ListWatches(), Reply.Watches.class).watches();
    }

    /** Starts (or restarts with new options) a watch, persisted; returns the daemon's "watching ..." lines. */
    public List<String> add(WatchSpec watch) throws DaemonException {
        return call(new Request.Add(watch), Reply.Added.class).watching();
    }

    /**
     * Stops a watch, given as it was added (an absolute path).
     *
     * @return a note for the user, when there is one (the path is in the config file, so it comes back after a restart)
     * @throws DaemonException PATH_NOT_FOUND when the daemon does not watch it
     */
    public Optional<String> remove(String path) throws DaemonException {
        return Optional.ofNullable(call(new Request.Remove(path), Reply.Removed.class).note());
    }

    /** Asks the daemon to stop (it drains, writes and syncs first); returns its pid, to wait for its end. */
    public long stop() throws DaemonException {
        return call(new Request.Stop(), Reply.Stopping.class).pid();
    }

    /** Follows the live events the filter selects, until the returned tail is closed or the daemon ends it. */
    public Tail tail(TailFilter filter) throws DaemonException {
        Connection c = Connection.open(socket);
        try {
            c.exchange(new Request.Tail(filter), Reply.Streaming.class);
            return new Tail(c);
        } catch (DaemonException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private <T extends Reply> T call(Request request, Class<T> answer) throws DaemonException {
        try (Connection c = Connection.open(socket)) {
            return c.exchange(request, answer);
        }
    }

    /**
     * A running tail: its events, one at a time. Closing it (from any thread) ends the connection;
     * a {@link #next()} blocked then ends with an {@link IOException}.
     */
    public static final class Tail implements AutoCloseable {
        private final Connection connection;

        private Tail(Connection connection) {
            this.connection = connection;
        }

        /**
         * The next event (a GAP marker when this reader was too slow and missed some), or null when
         * the daemon closed the stream.
         *
         * @throws MalformedMessageException for a line that is not an event (the stream goes on)
         * @throws IOException when the connection broke or was closed
         */
        public FileEvent next() throws IOException, MalformedMessageException {
            String line = connection.in.readLine();
            return line == null ? null : ControlCodec.decodeEvent(line).event();
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** One connection: a request, its answer, then (tail) the stream. */
    private static final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private final BufferedReader in;
        private final OutputStream out;
        private volatile boolean timedOut;

        private Connection(SocketChannel channel) {
            this.channel = channel;
            this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            this.out = Channels.newOutputStream(channel);
        }

        static Connection open(Path socket) throws DaemonException {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(socket));
                return new Connection(ch);
            } catch (IOException e) {
                closeQuietly(ch);
                String m = String.valueOf(e.getMessage());
                if (e instanceof AccessDeniedException || m.contains("Permission denied")
                        || (!Files.isReadable(socket.getParent()) && Files.exists(socket.getParent()))) {
                    throw new DaemonException(DaemonException.Reason.DENIED, "permission denied on the control socket "
                            + socket + " (the daemon answers root and the members of its configured group)", e);
                }
                if (e instanceof SocketException || e instanceof NoSuchFileException
                        || m.contains("No such file") || m.contains("Connection refused")) {
                    throw new DaemonException(DaemonException.Reason.NOT_RUNNING,
                            "the daemon is not running (no answer on " + socket + ")", e);
                }
                throw new DaemonException(DaemonException.Reason.FAILURE, "cannot connect to " + socket + ": " + m, e);
            }
        }

        /** Sends the request and reads its answer: the expected reply, else a DaemonException. */
        <T extends Reply> T exchange(Request request, Class<T> answer) throws DaemonException {
            long seconds = request instanceof Request.Add ? ADD_SECONDS : ANSWER_SECONDS;
            Thread timer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(seconds * 1000);
                    timedOut = true;
                    closeQuietly(channel);
                } catch (InterruptedException e) {
                    // answered in time
                }
            });
            String line;
            try {
                out.write((ControlCodec.encode(request) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                line = in.readLine();
            } catch (IOException e) {
                if (timedOut) {
                    throw new DaemonException(DaemonException.Reason.FAILURE, "the daemon did not answer within "
                            + seconds + " s (it is overloaded or hung)", e);
                }
                throw new DaemonException(DaemonException.Reason.FAILURE, "the connection to the daemon failed: "
                        + e.getMessage(), e);
            } finally {
                timer.interrupt();
            }
            if (line == null) {
                throw new DaemonException(DaemonException.Reason.FAILURE, "the daemon closed the connection without answering");
            }
            Reply reply;
            try {
                reply = ControlCodec.decodeReply(request, line);
            } catch (MalformedMessageException e) {
                throw new DaemonException(DaemonException.Reason.FAILURE, "cannot read the daemon's answer to '"
                        + ControlCodec.op(request) + "': " + e.getMessage(), e);
            }
            if (reply instanceof Reply.Failure f) {
                throw new DaemonException(f.reason(), f.message());
            }
            return answer.cast(reply); // decodeReply answers a request with its own kind or a Failure
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
