package io.fsmon.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM stop fsmon cleanly: the monitor drains, sinks flush, the summary is printed
 * and the exit code is 0, as a service manager expects. A JVM shutdown hook could not give exit
 * code 0; {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's supported way to handle them.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        Signal.handle(new Signal("INT"), s -> action.run());
        Signal.handle(new Signal("TERM"), s -> action.run());
    }
}
