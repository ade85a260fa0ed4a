package io.fsmon.history;

import java.util.List;

/**
 * What the scan of one {@link Range} found.
 *
 * @param events    the selected events in write order
 * @param malformed lines that are not events (including a torn last line)
 * @param spans     spans of markers that overlap the window
 * @param stopped   the scan saw a line past the window's end (plus skew): nothing later can match
 * @param damage    why the file could not be read to its end (a compressed file cut short or not
 *                  gzip at all), or null: what came before the damage was read
 */
record RangeResult(Range range, List<Match> events, int malformed, List<Span> spans, boolean stopped, String damage) {
}
