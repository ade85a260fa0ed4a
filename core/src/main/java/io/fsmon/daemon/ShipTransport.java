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
     * Sends records in order and returns once the broker acknowledged every one of them. Each
     * record's value is a block of whole history lines with {@code host} and {@code id} added,
     * joined by newlines (one line each with {@code records = "event"}); the id (host, history
     * epoch, file and byte offset of the line) is unique in the fleet and the same when resent.
     *
     * @throws IOException whose message says in one line why not (unreachable, unknown topic, no rights)
     */
    void send(List<byte[]> records) throws IOException;

    /** Where the lines go, for status: {@code kafka HOST:PORT TOPIC}. */
    String describe();

    @Override
    void close();

    /** Opens a transport for the settings (it may connect lazily). */
    interface Factory {
        ShipTransport open(ShipSettings settings, Consumer<String> log);
    }
}
