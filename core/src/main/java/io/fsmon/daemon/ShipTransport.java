package io.fsmon.daemon;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where the {@link Shipper} sends history lines: the one thing the daemon knows of the broker. The
 * command line plugs in a Kafka producer; the library carries no Kafka client.
 *
 * <p>Records go out in the order appended. The shipper appends a batch, ends it with
 * {@link #batch()}, appends the next while the first is on its way, and only then waits for the
 * first one's {@link Acks}: a send and the broker's answer overlap with reading the next lines.
 */
public interface ShipTransport extends AutoCloseable {

    /**
     * Appends a record after those appended before; returns once the client holds it (which may
     * wait for room in its buffers). Its value is a block of whole history lines with {@code host}
     * and {@code id} added, joined by newlines (one line with {@code records = "event"}); the id
     * (host, history epoch, file and byte offset of the line) is unique in the fleet and the same
     * when resent. The transport may keep the array.
     *
     * @throws IOException whose message says in one line why not (unreachable, unknown topic, no rights)
     */
    void append(byte[] record) throws IOException;

    /** Ends the batch of records appended since the last call: its acknowledgement, to wait for. */
    Acks batch();

    /** Where the lines go, for status: {@code kafka HOST:PORT TOPIC}. */
    String describe();

    @Override
    void close();

    /** The broker's answer for one batch of records. */
    interface Acks {
        /**
         * Returns once the broker acknowledged every record of the batch (and so every record
         * appended before it).
         *
         * @throws IOException whose message says in one line why not; nothing appended after the
         *     failed record is delivered ahead of it (the transport drops what it has not sent)
         */
        void await() throws IOException;
    }

    /** Opens a transport for the settings (it may connect lazily). */
    interface Factory {
        ShipTransport open(ShipSettings settings, Consumer<String> log);
    }
}
