package io.fsmon.cli;

import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Delivers every event to several sinks in order (the -o file first, so it is never behind the
 * terminal), as the watcher's consumer: flushed after each kernel read, and a sink's write error
 * stops the watcher with that error.
 */
record TeeSink(List<EventSink> sinks) implements Consumer<FileEvent>, Flushable {
    @Override
    public void accept(FileEvent event) {
        try {
            for (int i = 0; i < sinks.size(); i++) { // by index: no iterator per event under C1
                sinks.get(i).accept(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        for (EventSink s : sinks) {
            s.flush();
        }
    }
}
