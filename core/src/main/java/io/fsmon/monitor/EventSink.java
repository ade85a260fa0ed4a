package io.fsmon.monitor;

import io.fsmon.event.FileEvent;

import java.io.IOException;

/**
 * Where the monitor delivers events, on its reader thread. {@link #flush()} is called after each
 * batch read from the kernel, so a live view is never more than one batch behind.
 */
public interface EventSink {
    void accept(FileEvent event) throws IOException;

    default void flush() throws IOException {
    }
}
