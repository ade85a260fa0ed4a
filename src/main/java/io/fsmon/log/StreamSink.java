package io.fsmon.log;

import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

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
    private final StringBuilder pending = new StringBuilder(64 * 1024);

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
        pending.append(format.format(event)).append('\n');
        if (pending.length() >= 60 * 1024) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (!pending.isEmpty()) {
            out.append(pending);
            pending.setLength(0);
        }
        out.flush();
        if (out.checkError()) {
            throw new IOException("the output was closed");
        }
    }
}
