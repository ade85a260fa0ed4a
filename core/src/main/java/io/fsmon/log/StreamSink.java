package io.fsmon.log;

import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Writes events in one format to a stream (the terminal, a pipe), one line each, flushed after
 * every batch. A closed pipe ({@code fsmon monitor ... | head}) becomes an IOException so the
 * monitor stops instead of writing into the void.
 */
public final class StreamSink implements EventSink {
    private final EventFormat format;
    private final PrintStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);

    public StreamSink(EventFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
        String header = format.header();
        if (header != null) {
            out.println(header);
        }
    }

    @Override
    public void accept(FileEvent event) throws IOException {
        format.write(event, pending);
        if (pending.size() >= 60 * 1024) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending.size() > 0) {
            pending.writeTo(out);
            pending.reset();
        }
        out.flush();
        if (out.checkError()) {
            throw new IOException("the output was closed");
        }
    }
}
