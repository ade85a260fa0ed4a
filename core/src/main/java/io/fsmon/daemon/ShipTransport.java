package io.fsmon.daemon;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the {@link Shipper} sends history lines: the one thing the daemon knows of the broker. The
 * command line plugs in a Kafka producer; the library carries no Kafka client.
 */
public interface ShipTransport extends AutoCloseable {

    /**
     * One line of the history, ready to send: keyed by host, with an id stable across resends.
     *
     * @param id    host, history epoch, file and byte offset of the line: unique in the fleet, the same when resent
     * @param value the history line with {@code host} and {@code id} added, without the newline
     */
    record Line(String id, byte[] value) {
    }

    /**
     * Sends lines in order and returns once the broker acknowledged every one of them.
     *
     * @throws IOException whose message says in one line why not (unreachable, unknown topic, no rights)
     */
    void send(List<Line> lines) throws IOException;

    /** Where the lines go, for status: {@code kafka HOST:PORT TOPIC}. */
    String describe();

    @Override
    void close();

    /** Opens a transport for the settings (it may connect lazily). */
    interface Factory {
        ShipTransport open(ShipSettings settings, Consumer<String> log);
    }
}
