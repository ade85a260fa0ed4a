package io.fsmon.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads a control request: one line of at most {@value #MAX_BYTES} bytes, sent within
 * {@value #DEADLINE_SECONDS} s of connecting (the server enforces the deadline). The buffer grows
 * from 512 bytes up to that bound and no further, whatever the client sends.
 */
final class RequestLine {
    /** Longest request line, newline excluded: an {@code add} with many excludes takes a few hundred bytes. */
    static final int MAX_BYTES = 8192;
    /** Seconds a client has to send its whole request line. */
    static final int DEADLINE_SECONDS = 5;

    private RequestLine() {
    }

    /**
     * The request line without its newline ("" when the client closed before sending anything;
     * what it sent when it closed without a newline), or null when the line is longer than
     * {@link #MAX_BYTES}. Bytes after the newline are left unread or ignored.
     */
    static String read(ReadableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        while (true) {
            if (!buf.hasRemaining()) {
                if (buf.capacity() > MAX_BYTES) {
                    return null;
                }
                buf = ByteBuffer.allocate(Math.min(buf.capacity() * 2, MAX_BYTES + 1)).put(buf.flip());
            }
            int from = buf.position();
            if (ch.read(buf) < 0) {
                return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            }
            for (int i = from; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return i > MAX_BYTES ? null : new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
    }
}
