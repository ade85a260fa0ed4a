package io.fsmon.cli;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A tail subscriber that asks for the stream and then does not read it. */
final class SlowTail implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;

    private SlowTail(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    static SlowTail open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap("{\"v\":1,\"op\":\"tail\"}\n".getBytes(StandardCharsets.UTF_8)));
        SlowTail t = new SlowTail(ch);
        String ok = t.in.readLine();
        if (ok == null || !ok.contains("\"ok\":true")) {
            throw new IOException("tail refused: " + ok);
        }
        return t;
    }

    /** Now reads, until the GAP marker the daemon sends for what this subscriber missed. */
    FileEvent awaitGap(Duration timeout) throws Exception {
        JsonLines json = new JsonLines();
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = in.readLine()) != null; ) {
                    FileEvent e = json.parse(l);
                    if (e.type() == EventType.GAP) {
                        return e;
                    }
                }
                throw new AssertionError("the stream ended without a GAP marker");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
