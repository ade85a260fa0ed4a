/**
 * fsmon as a library.
 *
 * <ul>
 *   <li>{@link io.fsmon.api.FileWatcher}: watch files and trees live, every event attributed to its
 *       process and user (root, Linux 5.9 or later).</li>
 *   <li>{@link io.fsmon.api.History}: query the history fsmon's daemon writes, with the filters of
 *       {@code fsmon query} (no root, no daemon), or a central one {@code fsmon collect} writes
 *       ({@code host(glob)}).</li>
 *   <li>{@link io.fsmon.api.DaemonClient}: talk to a running daemon: its status, its watches
 *       ({@link io.fsmon.api.WatchSpec}, {@link io.fsmon.api.DaemonWatch}), its live events.</li>
 *   <li>{@link io.fsmon.api.OutputFormat}: an event as the line fsmon prints or records.</li>
 *   <li>{@link io.fsmon.api.FsmonException} and its subclasses: why something could not be done,
 *       in the cases the command line's exit codes tell apart.</li>
 * </ul>
 *
 * <p>The events are {@link io.fsmon.event.FileEvent}s; markers ({@link io.fsmon.event.EventType#OVERFLOW},
 * {@link io.fsmon.event.EventType#GAP}) say where events may be missing, and are never filtered out.
 * The JVM needs {@code --enable-native-access=io.fsmon} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path) to watch.
 */
package io.fsmon.api;
