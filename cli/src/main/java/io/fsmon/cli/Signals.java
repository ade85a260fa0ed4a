package io.fsmon.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM stop fsmon cleanly: the monitor drains, sinks flush, the summary is printed
 * and the exit code is 0, as a service manager expects ({@code monitor}, {@code daemon},
 * {@code tail}). A JVM shutdown hook could not give exit code 0; {@code sun.misc.Signal} (module
 * jdk.unsupported) is the JDK's supported way to handle them.
 */
final class Signals {
    private Signals() {
    }

    /**
     * Handles SIGINT and SIGTERM from now on. What a signal stops is named later, with
     * {@link Termination#stops}, once it has started: a signal that came before is acted on then.
     */
    static Termination handle() {
        Termination t = new Termination();
        t.previousInt = Signal.handle(new Signal("INT"), s -> t.signalled());
        t.previousTerm = Signal.handle(new Signal("TERM"), s -> t.signalled());
        return t;
    }

    /**
     * A termination request and what it stops. The stop may run twice: it must be idempotent.
     * Closing it gives the signals back to the handlers they had (a command run in-process, as
     * tests run it, leaves the JVM as it found it).
     */
    static final class Termination implements AutoCloseable {
        private volatile boolean requested;
        private volatile Runnable stop;
        private SignalHandler previousInt;
        private SignalHandler previousTerm;

        /** {@code stop} ends what now runs; runs it at once if a signal has already come. */
        void stops(Runnable stop) {
            this.stop = stop;
            if (requested) {
                stop.run();
            }
        }

        /** Whether a signal came. */
        boolean requested() {
            return requested;
        }

        private void signalled() {
            requested = true;
            Runnable s = stop;
            if (s != null) {
                s.run();
            }
        }

        @Override
        public void close() {
            Signal.handle(new Signal("INT"), previousInt);
            Signal.handle(new Signal("TERM"), previousTerm);
        }
    }
}
