package io.fsmon.daemon;

import io.fsmon.filter.EventFilter;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The control socket: a Unix-domain stream socket speaking JSON lines. A client sends one request
 * ({@code {"v":1,"op":"status"}}) and reads one answer; {@code tail} then streams events (the
 * history's JSON lines) until either side closes.
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
                refuseNow(ch, "denied", "the daemon answers only root" + (group == null ? ""
                        : " and members of group '" + group + "'") + " (you are " + peer.user() + ")");
                continue;
            }
            String busy = limits.admit(peer, open.size());
            if (busy != null) {
                refuseNow(ch, "busy", busy);
                continue;
            }
            open.add(ch);
            Thread.ofVirtual().name("fsmon-client").start(() -> serve(ch, peer));
        }
    }

    /** Answers without reading and without blocking (the answer fits in the socket's buffer), then closes. */
    private void refuseNow(SocketChannel ch, String code, String why) {
        limits.refused();
        try {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap((Messages.write(Messages.refusal(code, why)) + "\n").getBytes(StandardCharsets.UTF_8)));
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
                reply(ch, Messages.refusal("too_large", "a request is one line of at most " + RequestLine.MAX_BYTES + " bytes"));
                return;
            }
            if (line.isEmpty()) {
                return; // the client closed without asking anything
            }
            Map<String, Object> req;
            try {
                req = Messages.parse(line);
            } catch (IOException e) {
                reply(ch, Messages.refusal("usage", "not a JSON request: " + e.getMessage()));
                return;
            }
            if (Messages.number(req, "v", -1) != Messages.VERSION) {
                reply(ch, Messages.refusal("usage", "protocol version " + req.get("v") + " is not spoken here (version "
                        + Messages.VERSION + " is)"));
                return;
            }
            String op = String.valueOf(req.get("op"));
            String refusal = refusalFor(op, peer);
            if (refusal != null) {
                reply(ch, Messages.refusal("denied", refusal));
                return;
            }
            if (op.equals("tail")) {
                tail(req, ch);
                return;
            }
            if (op.equals("stop")) {
                // Answer before asking: stopping closes every connection, this one included.
                Map<String, Object> m = Messages.ok();
                m.put("pid", ProcessHandle.current().pid());
                reply(ch, m);
                daemon.requestStop();
                return;
            }
            reply(ch, handle(op, req));
        } catch (IOException e) {
            // the client went away, or was too slow to ask
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            daemon.log("control connection failed: " + e);
        } finally {
            open.remove(ch);
            limits.release(peer);
        }
    }

    private String refusalFor(String op, Peer peer) {
        boolean write = switch (op) {
            case "add", "remove", "stop" -> true;
            default -> false;
        };
        if (write && !peer.root()) {
            return "'" + op + "' needs root (you are " + peer.user() + ")";
        }
        return null; // whether the peer may read at all was decided when it connected
    }

    private Map<String, Object> handle(String op, Map<String, Object> req) {
        try {
            return switch (op) {
                case "status" -> StatusReport.of(daemon, this);
                case "list" -> {
                    Map<String, Object> m = Messages.ok();
                    m.put("watches", StatusReport.watches(daemon));
                    yield m;
                }
                case "add" -> {
                    @SuppressWarnings("unchecked")
                    WatchSpec spec = WatchSpec.fromMap((Map<String, Object>) req.get("watch"));
                    List<String> marked = daemon.add(spec, false);
                    Map<String, Object> m = Messages.ok();
                    m.put("watching", marked);
                    yield m;
                }
                case "remove" -> {
                    String path = Messages.string(req, "path");
                    if (!daemon.remove(path)) {
                        yield Messages.refusal("path_not_found", "not watched: " + path);
                    }
                    Map<String, Object> m = Messages.ok();
                    if (daemon.settings().watches().stream().anyMatch(w -> w.path().equals(path))) {
                        m.put("note", path + " is in the config file: it will be watched again after a restart");
                    }
                    yield m;
                }
                default -> Messages.refusal("usage", "unknown operation '" + op + "'");
            };
        } catch (DaemonException e) {
            return Messages.refusal(DaemonException.code(e.reason()), e.getMessage());
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            return Messages.refusal("usage", "bad request: " + e.getMessage());
        }
    }

    private void tail(Map<String, Object> req, SocketChannel ch) throws IOException {
        EventFilter filter;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) req.get("filter");
            filter = f == null ? EventFilter.builder().build() : FilterCodec.fromMap(f);
        } catch (IllegalArgumentException | ClassCastException e) {
            reply(ch, Messages.refusal("usage", "bad filter: " + e.getMessage()));
            return;
        }
        try (LiveFeed.Subscriber sub = daemon.feed().subscribe(filter, daemon.settings().tailQueue())) {
            reply(ch, Messages.ok());
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

    private static void reply(SocketChannel ch, Map<String, Object> m) throws IOException {
        write(ch, Messages.write(m) + "\n");
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
