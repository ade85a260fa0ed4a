package io.fsmon.log;

import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends events as JSON lines to a file ({@code -o FILE}). Each batch is one {@code write(2)} of
 * whole lines, so a reader never sees a torn line from a clean stop, and what was read from the
 * kernel reaches the file at once.
 */
public final class JsonFileSink implements EventSink, AutoCloseable {
    private final JsonLines json = new JsonLines();
    private final FileChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);

    private JsonFileSink(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (creating it and its parent folders) {@code file} for appending. */
    public static JsonFileSink open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonFileSink(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    @Override
    public void accept(FileEvent event) throws IOException {
        json.write(event, pending);
        if (pending.size() >= 256 * 1024) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
        while (b.hasRemaining()) {
            channel.write(b);
        }
        pending.reset();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
            channel.force(false);
        } finally {
            channel.close();
        }
    }
}
