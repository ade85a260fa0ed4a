package io.fsmon.cli;

import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

import java.io.IOException;
import java.util.List;

/** Delivers every event to several sinks in order (the -o file first, so it is never behind the terminal). */
record TeeSink(List<EventSink> sinks) implements EventSink {
    @Override
    public void accept(FileEvent event) throws IOException {
        for (int i = 0; i < sinks.size(); i++) { // by index: no iterator per event under C1
            sinks.get(i).accept(event);
        }
    }

    @Override
    public void flush() throws IOException {
        for (EventSink s : sinks) {
            s.flush();
        }
    }
}
