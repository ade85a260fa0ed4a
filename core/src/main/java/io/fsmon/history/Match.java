package io.fsmon.history;

import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

/**
 * One event a query selected: parsed, or as the line to print, or both. The line (UTF-8, without
 * its newline) is what the output format prints for the event: for JSON the history line, present
 * only when it is exactly what {@link JsonLines} writes for the event ({@link JsonLines#isCanonical});
 * for another format the event formatted by the scanning thread
 * ({@link QueryEngine#queryFormatted}). Output may copy it instead of writing the event again.
 *
 * @param parsed the event, or null when the scan did not need to parse the line
 * @param line   the line to print, or null when there is none to copy
 */
public record Match(FileEvent parsed, byte[] line) {

    public Match {
        if (parsed == null && line == null) {
            throw new IllegalArgumentException("a match needs an event or a line");
        }
    }

    /** The event, parsed from the line if the scan did not parse it. */
    public FileEvent event() {
        if (parsed != null) {
            return parsed;
        }
        try {
            return new JsonLines().parse(line, 0, line.length);
        } catch (MalformedLineException e) {
            throw new IllegalStateException("a canonical line that does not parse: " + e.getMessage(), e);
        }
    }
}
