package io.fsmon.api;

import io.fsmon.event.FileEvent;
import io.fsmon.log.CsvFormat;
import io.fsmon.log.EventFormat;
import io.fsmon.log.HumanFormat;
import io.fsmon.log.JsonLines;

/**
 * The three ways fsmon writes an event as one line of text: the same as {@code fsmon monitor -f}
 * and {@code fsmon query -f}.
 */
public enum OutputFormat {
    /** Aligned columns for a terminal: time, type, path, process, user. */
    HUMAN,
    /**
     * One JSON object per line, the format of the history itself (fixed key order, absent fields
     * left out): what {@code jq} and log shippers read.
     */
    JSON,
    /** RFC 4180 CSV with a header line; cells a spreadsheet would run as formulas are neutralised. */
    CSV;

    /** One formatter per format and thread: formatters keep buffers, and format(e) is called per event. */
    private final ThreadLocal<EventFormat> formatters = ThreadLocal.withInitial(this::internal);

    /**
     * The line printed once before the events, if the format has one.
     *
     * @return the header (CSV's column names), or null
     */
    public String header() {
        return internal().header();
    }

    /**
     * The event as one line, without a line terminator: what fsmon prints for it. Markers
     * ({@code OVERFLOW}, {@code GAP}) have a line too, saying what was lost. Thread-safe; to
     * write a query's results, {@link History.Query#writeTo} is faster.
     *
     * @param event the event
     * @return its line
     */
    public String format(FileEvent event) {
        return formatters.get().format(event);
    }

    /** A new formatter of this format (formatters keep buffers: one per thread). */
    EventFormat internal() {
        return switch (this) {
            case HUMAN -> new HumanFormat();
            case JSON -> new JsonLines();
            case CSV -> new CsvFormat();
        };
    }
}
