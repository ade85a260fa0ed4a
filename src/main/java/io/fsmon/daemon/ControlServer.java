package io.fsmon.daemon;

import io.fsmon.event.EventFilter;
import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
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

/**
 * The control socket: a Unix-domain stream socket speaking JSON lines. A client sends one request
 * ({@code {"v":1,"op":"status"}}) and reads one answer; {@code tail} then streams events (the
 * history's JSON lines) until either side closes. The peer's credentials are read from the
 * kernel on every connection and checked before any request is served.
 */
final class ControlServer implements AutoCloseable {
    private static final Path ETC_GROUP = Path.of("/etc/group");

    private final Daemon daemon;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    private ControlServer(Daemon daemon, ServerSocketChannel server) {
        this.daemon = daemon;
        this.server = server;
        this.acceptor = Thread.ofPlatform().name("fsmon-control").daemon(true).unstarted(this::acceptLoop);
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

    private void acceptLoop() {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(ch);
            Thread.ofVirtual().name("fsmon-client").start(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            Peer peer = Peer.of(ch);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(ch);
            String line = in.readLine();
            if (line == null) {
                return;
            }
            Map<String, Object> req;
            try {
                req = Messages.parse(line);
            } catch (IOException e) {
                reply(out, Messages.refusal("usage", "not a JSON request: " + e.getMessage()));
                return;
            }
            if (Messages.number(req, "v", -1) != Messages.VERSION) {
                reply(out, Messages.refusal("usage", "protocol version " + req.get("v") + " is not spoken here (version "
                        + Messages.VERSION + " is)"));
                return;
            }
            String op = String.valueOf(req.get("op"));
            String refusal = refusalFor(op, peer);
            if (refusal != null) {
                reply(out, Messages.refusal("denied", refusal));
                return;
            }
            if (op.equals("tail")) {
                tail(req, ch, in, out);
                return;
            }
            if (op.equals("stop")) {
                // Answer before asking: stopping closes every connection, this one included.
                Map<String, Object> m = Messages.ok();
                m.put("pid", ProcessHandle.current().pid());
                reply(out, m);
                daemon.requestStop();
                return;
            }
            reply(out, handle(op, req));
        } catch (IOException e) {
            // the client went away
        } catch (RuntimeException e) {
            daemon.log("control connection failed: " + e);
        } finally {
            open.remove(ch);
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
        String group = daemon.settings().group();
        if (!peer.mayRead(group, ETC_GROUP)) {
            return "the daemon answers only root" + (group == null ? "" : " and members of group '" + group + "'")
                    + " (you are " + peer.user() + ")";
        }
        return null;
    }

    private Map<String, Object> handle(String op, Map<String, Object> req) {
        try {
            return switch (op) {
                case "status" -> StatusReport.of(daemon);
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

    private void tail(Map<String, Object> req, SocketChannel ch, BufferedReader in, OutputStream out) throws IOException {
        EventFilter filter;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) req.get("filter");
            filter = f == null ? EventFilter.builder().build() : FilterCodec.fromMap(f);
        } catch (IllegalArgumentException | ClassCastException e) {
            reply(out, Messages.refusal("usage", "bad filter: " + e.getMessage()));
            return;
        }
        try (LiveFeed.Subscriber sub = daemon.feed().subscribe(filter, daemon.settings().tailQueue())) {
            reply(out, Messages.ok());
            // The client sends nothing more; its end of file means it has gone.
            Thread watcher = Thread.ofVirtual().start(() -> {
                try {
                    while (in.read() >= 0) {
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
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
            }
            watcher.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(OutputStream out, Map<String, Object> m) throws IOException {
        out.write((Messages.write(m) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
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
    }
}
