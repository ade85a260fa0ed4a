package io.fsmon.log;

import java.util.Locale;

/**
 * How one event becomes one line of output. {@code watch} and {@code query} choose one with
 * {@code --format}; the line never ends with a newline, the caller adds it.
 *
 * <p>Implementations may keep reusable buffers and are then not thread-safe: use one per thread.
 */
public interface EventFormat {

    /** The line to print once before the events, or {@code null} for none. */
    String header();

    /** The event as one line, without a line terminator. */
    String format(io.fsmon.event.FileEvent e);

    /**
     * Writes the event and a newline to {@code out} as UTF-8. Formats on the hot path override it
     * to encode straight into bytes.
     */
    default void write(io.fsmon.event.FileEvent e, java.io.OutputStream out) throws java.io.IOException {
        out.write((format(e) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The line {@link #format} writes for the event of a canonical history line, as UTF-8, written
     * straight from the line's bytes (a query prints hundreds of thousands of them); null when this
     * format does not do that for this line: then the caller parses it and calls {@code format}.
     */
    default byte[] formatCanonical(CanonicalFields line) {
        return null;
    }

    /**
     * A new format by its {@code --format} name: {@code human}, {@code json} or {@code csv},
     * case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid values
     */
    static EventFormat of(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "human" -> new HumanFormat();
            case "json" -> new JsonLines();
            case "csv" -> new CsvFormat();
            default -> throw new IllegalArgumentException(
                    "unknown format '" + name + "' (valid: human, json, csv)");
        };
    }
}
