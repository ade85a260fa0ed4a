package io.fsmon.cli;

import io.fsmon.linux.UnixDatagram;
import io.fsmon.linux.Unistd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Plays systemd's side of sd_notify: a bound datagram socket collecting the daemon's messages. */
final class Notifications implements AutoCloseable {
    private final Path path;
    private final int fd;
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    private Notifications(Path path, int fd) {
        this.path = path;
        this.fd = fd;
        this.reader = Thread.ofPlatform().daemon(true).name("notify-socket").start(() -> {
            try {
                while (true) {
                    messages.add(new String(UnixDatagram.receive(fd, 4096), StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                // closed
            }
        });
    }

    static Notifications bind(Path path) throws Exception {
        Files.deleteIfExists(path);
        return new Notifications(path, UnixDatagram.bind(path.toString()));
    }

    String path() {
        return path.toString();
    }

    String next() throws InterruptedException {
        String m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no sd_notify message within 10 s");
        }
        return m;
    }

    @Override
    public void close() {
        // The reader blocks in recv: a datagram to itself wakes it before the fd is closed.
        try {
            UnixDatagram.send(path.toString(), new byte[0]);
        } catch (Exception ignored) {
            // already gone
        }
        CompletableFuture.runAsync(() -> { }).join();
        Unistd.close(fd);
    }
}
