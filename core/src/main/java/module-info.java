/**
 * fsmon as a library: watch files and directory trees through fanotify with every change
 * attributed to the process and user that made it, read the history fsmon's daemon writes, and
 * talk to a running daemon.
 *
 * <p>Exported: {@code io.fsmon.api} (the entry points) and {@code io.fsmon.event} (the events
 * they deliver). Everything else is internal.
 *
 * <p>The library calls the C library through {@code java.lang.foreign}: run with
 * {@code --enable-native-access=io.fsmon} on the module path, or
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
module io.fsmon {
    requires com.fasterxml.jackson.core;
    requires jdk.net;

    exports io.fsmon.api;
    exports io.fsmon.event;

}
