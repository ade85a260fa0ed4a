/**
 * The query side of the history: reading the daemon's JSON-lines files directly (no daemon, no
 * root where the files are readable) to answer {@code query} and {@code changes}, and retention
 * ({@code clean}). Uses {@code event} (vocabulary, filter) and {@code log} (the JSON-lines format
 * and the file layout); never picocli, never native access.
 *
 * <ul>
 *   <li>{@link io.fsmon.history.TimeSpec}: {@code --since}/{@code --until} text to instants.</li>
 *   <li>{@link io.fsmon.history.Query}: what to select and how to order it.</li>
 *   <li>{@link io.fsmon.history.QueryEngine}: plans the files and byte ranges a window needs,
 *       finds its start by binary search and scans on up to four threads.</li>
 *   <li>{@link io.fsmon.history.LineScanner}: the scan of one byte range, with the cheap checks
 *       that rule lines out before JSON parsing.</li>
 *   <li>{@link io.fsmon.history.Prefilter} and {@link io.fsmon.history.Literals}: what a raw line's
 *       bytes tell about the window, the type, and the path, process and user filters;
 *       {@link io.fsmon.history.ByteSearch}: the word-at-a-time searches;
 *       {@link io.fsmon.history.CanonicalTest}: the full test of a writer's own line, from its bytes.</li>
 *   <li>{@link io.fsmon.history.Retention}: {@code clean}, whole old files only.</li>
 * </ul>
 */
package io.fsmon.history;
