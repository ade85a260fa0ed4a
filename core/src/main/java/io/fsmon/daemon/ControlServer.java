package io.fsmon.daemon;

import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The control socket: a Unix-domain stream socket speaking JSON lines ({@link ControlCodec}). A
 * client sends one {@link Request} ({@code {"v":1,"op":"status"}}) and reads one {@link Reply};
 * {@code tail} then streams events (the history's JSON lines) until either side closes. A line
 * that is not a request this build reads is answered {@code usage} (a bad request).
 *
 * <p>What a client may cost is bounded, so that no local user can starve the monitors of memory:
 * the peer's credentials are read from the kernel ({@code SO_PEERCRED}) when the connection is
 * accepted, and a peer that may not read is answered {@code denied} before anything it sent is
 * read. The number of connections served at once is bounded ({@link ConnectionLimits}); one
 * beyond is answered {@code busy} and closed. A request line longer than
 * {@value RequestLine#MAX_BYTES} bytes is answered {@code too_large} and its connection closed,
 * and one not complete {@value RequestLine#DEADLINE_SECONDS} s after the connection was accepted
 * is closed. Each connection reads its request into a buffer of at most that size (no
 * per-connection readers or decoders), so the connections together cost a few hundred KiB of
 * heap at most.
 */
final class ControlServer implements AutoCloseable {
    private static final Path ETC_GROUP = Path.of("/etc/group");
    private final Daemon daemon;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final ConnectionLimits limits = new ConnectionLimits();
    private final ScheduledThreadPoolExecutor deadlines;
    private volatile boolean closing;

    private ControlServer(Daemon daemon, ServerSocketChannel server) {
        this.daemon = daemon;
        this.server = server;
        this.acceptor = Thread.ofPlatform().name("fsmon-control").daemon(true).unstarted(this::acceptLoop);
        this.deadlines = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("fsmon-control-deadline").daemon(true).factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    static ControlServer open(Daemon daemon, Path socket) throws IOException {
        // The lock is ours, so a socket file left here is a dead daemon's.
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        // Anyone who can reach the folder may connect; the credential check decides what they may do.
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        ControlServer c = new ControlServer(daemon, s);
        c.acceptor.start();
        return c;
    }

    /** Connections being served now. */
    int connections() {
        return open.size();
    }

    /** Connections refused so far: not allowed to read, over a limit, or a request too large. */
    long refused() {
        return limits.refusedSoFar();
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Peer peer;
            try {
                peer = Peer.of(ch);
            } catch (IOException | RuntimeException e) {
                limits.refused();
                closeQuietly(ch);
                continue;
            }
            // Before anything is read: who may not read at all, and who holds too much already.
            String group = daemon.settings().group();
            if (!peer.mayRead(group, ETC_GROUP)) {
                refuseNow(ch, DaemonException.Reason.DENIED, "the daemon answers only root" + (group == null ? ""
                        : " and members of group '" + group + "'") + " (you are " + peer.user() + ")");
                continue;
            }
            String busy = limits.admit(peer, open.size());
            if (busy != null) {
                refuseNow(ch, DaemonException.Reason.BUSY, busy);
                continue;
            }
            open.add(ch);
            Thread.ofVirtual().name("fsmon-client").start(() -> serve(ch, peer));
        }
    }

    /** Answers without reading and without blocking (the answer fits in the socket's buffer), then closes. */
    private void refuseNow(SocketChannel ch, DaemonException.Reason reason, String why) {
        limits.refused();
        try {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap((ControlCodec.encode(new Reply.Failure(reason, why)) + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException ignored) {
            // the client went away
        } finally {
            closeQuietly(ch);
        }
    }

    private void serve(SocketChannel ch, Peer peer) {
        try (ch) {
            String line;
            ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(ch), RequestLine.DEADLINE_SECONDS, TimeUnit.SECONDS);
            try {
                line = RequestLine.read(ch);
            } finally {
                deadline.cancel(false);
            }
            if (line == null) {
                limits.refused();
                reply(ch, new Reply.Failure(DaemonException.Reason.TOO_LARGE,
                        "a request is one line of at most " + RequestLine.MAX_BYTES + " bytes"));
                return;
            }
            if (line.isEmpty()) {
                return; // the client closed without asking anything
            }
            Request req;
            try {
                req = ControlCodec.decodeRequest(line);
            } catch (MalformedMessageException e) {
                reply(ch, new Reply.Failure(DaemonException.Reason.USAGE, e.getMessage()));
                return;
            }
            if (req.needsRoot() && !peer.root()) {
                // whether the peer may read at all was decided when it connected
                reply(ch, new Reply.Failure(DaemonException.Reason.DENIED,
                        "'" + ControlCodec.op(req) + "' needs root (you are " + peer.user() + ")"));
                return;
            }
            switch (req) {
                case Request.Tail t -> tail(t.filter(), ch);
                case Request.Stop _ -> {
                    // Answer before asking: stopping closes every connection, this one included.
                    reply(ch, new Reply.Stopping(ProcessHandle.current().pid()));
                    daemon.requestStop();
                }
                case Request.Status _ -> reply(ch, StatusReport.of(daemon));
                case Request.ListWatches _ -> reply(ch, new Reply.Watches(StatusReport.watches(daemon)));
                case Request.Add a -> reply(ch, add(a.watch()));
                case Request.Remove r -> reply(ch, remove(r.path()));
            }
        } catch (IOException e) {
            // the client went away, or was too slow to ask
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            daemon.log("control connection failed: " + e);
        } finally {
            open.remove(ch);
            limits.release(peer);
        }
    }

    private Reply add(WatchSpec spec) {
        try {
            return new Reply.Added(daemon.add(spec, false));
        } catch (DaemonException e) {
            return new Reply.Failure(e.reason(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Reply.Failure(DaemonException.Reason.USAGE, "bad request: " + e.getMessage());
        }
    }

    private Reply remove(String path) {
        try {
            if (!daemon.remove(path)) {
                return new Reply.Failure(DaemonException.Reason.PATH_NOT_FOUND, "not watched: " + path);
            }
        } catch (DaemonException e) {
            return new Reply.Failure(e.reason(), e.getMessage());
        }
        boolean configured = daemon.settings().watches().stream().anyMatch(w -> w.path().equals(path));
        return new Reply.Removed(configured ? path + " is in the config file: it will be watched again after a restart" : null);
    }

    private void tail(TailFilter filter, SocketChannel ch) throws IOException {
        try (LiveFeed.Subscriber sub = daemon.feed().subscribe(filter.eventFilter(), daemon.settings().tailQueue())) {
            reply(ch, new Reply.Streaming());
            // The client sends nothing more; its end of file means it has gone.
            Thread watcher = Thread.ofVirtual().start(() -> {
                ByteBuffer discard = ByteBuffer.allocate(64);
                try {
                    while (ch.read(discard.clear()) >= 0) {
                        // ignore
                    }
                } catch (IOException ignored) {
                    // closed
                }
                closeQuietly(ch);
            });
            // The events are the history's lines (Reply.Event's encoding), written in batches by
            // one JsonLines per connection: it keeps its buffers between events.
            JsonLines json = new JsonLines();
            StringBuilder batch = new StringBuilder();
            while (ch.isOpen() && !closing) {
                FileEvent e = sub.next(200);
                if (e == null) {
                    continue;
                }
                batch.setLength(0);
                for (int i = 0; e != null && i < 256; i++) {
                    batch.append(json.format(e)).append('\n');
                    e = i < 255 ? sub.next(0) : null;
                }
                write(ch, batch.toString());
            }
            watcher.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(SocketChannel ch, Reply r) throws IOException {
        write(ch, ControlCodec.encode(r) + "\n");
    }

    private static void write(SocketChannel ch, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Stops accepting and ends every open connection (tails end with the daemon). */
    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        for (SocketChannel ch : new ArrayList<>(open)) {
            closeQuietly(ch);
        }
        deadlines.shutdownNow();
    }
}
