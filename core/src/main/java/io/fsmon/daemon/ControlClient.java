package io.fsmon.daemon;

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
import java.nio.file.Path;
import java.util.Map;

/**
 * A connection to a daemon's control socket: one request, one answer, then (tail) a stream of
 * lines. The answer is awaited {@value #ANSWER_SECONDS} s at most ({@code add}, which marks a
 * whole tree first, {@value #ADD_SECONDS} s), so a client never hangs on a daemon that is hung
 * or starved.
 */
public final class ControlClient implements AutoCloseable {
    static final int ANSWER_SECONDS = 30;
    static final int ADD_SECONDS = 600;
    private final SocketChannel channel;
    private volatile boolean timedOut;
    private final BufferedReader in;
    private final OutputStream out;

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    /**
     * Connects to the socket.
     *
     * @throws DaemonException NOT_RUNNING when nothing answers there, DENIED when the folder or the socket refuses us
     */
    public static ControlClient connect(Path socket) throws DaemonException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(ch);
        } catch (IOException e) {
            closeQuietly(ch);
            String m = String.valueOf(e.getMessage());
            if (e instanceof AccessDeniedException || m.contains("Permission denied")
                    || (!Files.isReadable(socket.getParent()) && Files.exists(socket.getParent()))) {
                throw new DaemonException(DaemonException.Reason.DENIED, "permission denied on the control socket "
                        + socket + " (the daemon answers root and the members of its configured group)", e);
            }
            if (e instanceof SocketException || e instanceof java.nio.file.NoSuchFileException
                    || m.contains("No such file") || m.contains("Connection refused")) {
                throw new DaemonException(DaemonException.Reason.NOT_RUNNING,
                        "the daemon is not running (no answer on " + socket + ")", e);
            }
            throw new DaemonException(DaemonException.Reason.FAILURE, "cannot connect to " + socket + ": " + m, e);
        }
    }

    /**
     * Sends a request and reads the answer.
     *
     * @throws DaemonException with the daemon's reason when it refuses
     */
    public Map<String, Object> call(Map<String, Object> request) throws DaemonException {
        long seconds = "add".equals(request.get("op")) ? ADD_SECONDS : ANSWER_SECONDS;
        Thread timer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(seconds * 1000);
                timedOut = true;
                closeQuietly(channel);
            } catch (InterruptedException e) {
                // answered in time
            }
        });
        try {
            out.write((Messages.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new DaemonException(DaemonException.Reason.FAILURE, "the daemon closed the connection without answering");
            }
            Map<String, Object> answer = Messages.parse(line);
            if (!Boolean.TRUE.equals(answer.get("ok"))) {
                throw new DaemonException(DaemonException.reasonOf(Messages.string(answer, "code")),
                        String.valueOf(answer.get("error")));
            }
            return answer;
        } catch (IOException e) {
            if (timedOut) {
                throw new DaemonException(DaemonException.Reason.FAILURE, "the daemon did not answer within " + seconds
                        + " s (it is overloaded or hung)", e);
            }
            throw new DaemonException(DaemonException.Reason.FAILURE, "the connection to the daemon failed: " + e.getMessage(), e);
        } finally {
            timer.interrupt();
        }
    }

    /** The next streamed line, or null when the daemon closed the stream. */
    public String readLine() throws IOException {
        return in.readLine();
    }

    /** One request on a fresh connection. */
    public static Map<String, Object> request(Path socket, Map<String, Object> request) throws DaemonException {
        try (ControlClient c = connect(socket)) {
            return c.call(request);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
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
