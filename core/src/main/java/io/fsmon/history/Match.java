package io.fsmon.history;

import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

/**
 * One event a query selected: parsed, or as the line to print, or both. The line (UTF-8, without
 * its newline) is what the output format prints for the event: for JSON the history line, present
 * only when it is exactly what {@link JsonLines} writes for the event ({@link JsonLines#isCanonical});
 * for another format the event formatted by the scanning thread
 * ({@link QueryEngine#queryFormatted}), which may not have parsed it at all ({@link #formatted}).
 * Output may copy it instead of writing the event again.
 *
 * @param parsed the event, or null when the scan did not need to parse the line
 * @param line   the line to print, or null when there is none to copy
 * @param json   whether {@code line}, when there is no parsed event, is the history line to parse it from
 */
public record Match(FileEvent parsed, byte[] line, boolean json) {

    public Match {
        if (parsed == null && line == null) {
            throw new IllegalArgumentException("a match needs an event or a line");
        }
    }

    /** An event, or a canonical history line to print as JSON (and to parse the event from, if asked). */
    public Match(FileEvent parsed, byte[] line) {
        this(parsed, line, true);
    }

    /** A line formatted by the scan straight from the history line's bytes: only to print. */
    static Match formatted(byte[] line) {
        return new Match(null, line, false);
    }

    /**
     * The event, parsed from the line if the scan did not parse it.
     *
     * @throws IllegalStateException for a {@link #formatted} match, which has no event
     */
    public FileEvent event() {
        if (parsed != null) {
            return parsed;
        }
        if (!json) {
            throw new IllegalStateException("a match formatted by the scan has no event: print its line");
        }
        FileEvent canonical = JsonLines.parseCanonical(line, 0, line.length); // what the scan copies is
        if (canonical != null) {
            return canonical;
        }
        try {
            return new JsonLines().parse(line, 0, line.length); // a JsonLines is dear to make: only here
        } catch (MalformedLineException e) {
            throw new IllegalStateException("a canonical line that does not parse: " + e.getMessage(), e);
        }
    }
}
