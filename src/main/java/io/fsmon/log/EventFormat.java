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
