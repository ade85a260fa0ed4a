package io.fsmon.proc;

import io.fsmon.linux.EventFd;
import io.fsmon.linux.NativeException;
import io.fsmon.linux.Netlink;
import io.fsmon.linux.Poll;
import io.fsmon.linux.Sched;
import io.fsmon.linux.Taskstats;
import io.fsmon.linux.Unistd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Listens to the kernel's process events connector on one named platform thread and hands each
 * {@link ProcEvent} to a handler on that thread, in the order the socket delivered them.
 *
 * <p>Why a catch-up barrier ({@link #awaitCaughtUp}): connector messages and fanotify records
 * arrive on two sockets, so the monitor may read a file event before the exec that preceded it
 * has been handled here. The kernel queues a connector message synchronously, inside the fork,
 * exec or exit that causes it; so once this thread has found its socket empty at a moment later
 * than a fanotify read, every process event that happened before that read has been handled.
 * The monitor asks for that through {@link #awaitCaughtUp}. When this thread is asleep in
 * {@code poll(2)} after a drain and both sockets are still empty, that is already so: the caller
 * checks it with one {@code poll} of its own and no hand-over. Otherwise it wakes this thread
 * through an eventfd and waits, bounded, for it to drain its sockets.
 *
 * <p>Exit comms ({@link ProcEvent.TaskExit}, from taskstats, where the kernel allows it) are read
 * by the same thread, from a second socket drained right after the connector's: the kernel
 * queues a task's exit record before its connector exit message. So when the barrier reports
 * the connector caught up, it has also handled every exit record queued before that moment, in
 * particular the one of each process whose exec it handled but whose {@code /proc} was already gone.
 *
 * <p>The thread sleeps in {@code poll(2)} on the sockets, the wake-up eventfd and a stop eventfd;
 * {@link #close} signals the latter, never interrupts.
 */
public final class ProcConnector implements AutoCloseable {

    /** The socket's receive buffer: room for ~50k messages while the table is being filled. */
    static final int RECEIVE_BUFFER = 4 << 20;

    private final Netlink socket;
    /** Null when taskstats is unavailable. */
    private Taskstats exits;
    private TaskExitMessages exitMessages;
    private String exitsUnavailable;
    private final int wakeFd;
    private final int stopFd;
    private final ProcMessages messages = new ProcMessages();
    private final Object drained = new Object();
    private Thread thread;
    /** {@link System#nanoTime} taken just before a receive that found the socket empty. */
    private volatile long emptyAt = Long.MIN_VALUE;
    /**
     * Odd while this thread may hold a message it has not handled yet (from its wake-up to the
     * end of its drain), even while it sleeps with both sockets found empty; it changes on every
     * wake-up, so a caller sees whether the thread woke between two reads.
     */
    private volatile long phase = 1;
    /** Times a caller of {@link #awaitCaughtUp} had to wake this thread (callers' count). */
    private volatile long wakeUps;
    /** The sockets, for a caller's check that nothing is queued in them. */
    private int[] sockets;
    private volatile boolean running;
    private volatile long overruns;
    private volatile long exitOverruns;
    private volatile Throwable failure;
    private boolean closed;

    private ProcConnector(Netlink socket, int wakeFd, int stopFd) {
        this.socket = socket;
        this.wakeFd = wakeFd;
        this.stopFd = stopFd;
    }

    /**
     * Subscribes to process events. Messages queue in the socket from now on, so a table filled
     * from {@code /proc} after this call and then kept current through {@link #start} misses no
     * process.
     *
     * @throws NativeException when the kernel has no connector (EPROTONOSUPPORT) or refuses (EPERM)
     */
    public static ProcConnector open() throws NativeException {
        Netlink socket = Netlink.openProcConnector(RECEIVE_BUFFER);
        int wake = -1;
        try {
            wake = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
            int stop = EventFd.create(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
            ProcConnector c = new ProcConnector(socket, wake, stop);
            c.openExits();
            return c;
        } catch (NativeException e) {
            socket.close();
            if (wake >= 0) {
                Unistd.close(wake);
            }
            throw e;
        }
    }

    /** Registers for exit records on every possible CPU; remembers why not where it cannot. */
    private void openExits() {
        try {
            String cpus = Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip();
            exits = Taskstats.openExitListener(cpus, RECEIVE_BUFFER);
            exitMessages = new TaskExitMessages(exits.family());
        } catch (NativeException e) {
            exitsUnavailable = e.getMessage();
        } catch (IOException e) {
            exitsUnavailable = "cannot read the possible CPUs: " + e.getMessage();
        }
    }

    /** Why exit comms are not read (taskstats refused or missing), or null when they are. */
    public String exitCommsUnavailable() {
        return exitsUnavailable;
    }

    /** Starts the listener thread, which hands every event to {@code handler}. */
    public synchronized void start(Consumer<ProcEvent> handler) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        sockets = exits == null ? new int[] {socket.fd()} : new int[] {socket.fd(), exits.fd()};
        running = true; // after sockets: a caller that sees it running sees them
        thread = Thread.ofPlatform().name("fsmon-proc-connector").daemon(true).start(() -> run(handler));
    }

    /**
     * The listener's nice value: the fanotify reader (nice -5) waits for it before each batch, so
     * at the default priority a busy machine starved it past the longest hold (measured: batches
     * attributed by pid only after holds of 434 ms, load 36 on 2 cores).
     */
    private static final int LISTENER_NICE = -5;

    private void run(Consumer<ProcEvent> handler) {
        try {
            Sched.setCurrentThreadNice(LISTENER_NICE);
        } catch (NativeException e) {
            // Without CAP_SYS_NICE the listener runs at the default priority: only holds get longer.
        }
        byte[] buf = new byte[Math.max(Netlink.BUFFER_SIZE, Taskstats.BUFFER_SIZE)];
        int[] fds = exits == null ? new int[] {socket.fd(), wakeFd, stopFd}
                : new int[] {socket.fd(), wakeFd, stopFd, exits.fd()};
        try {
            while (true) {
                drain(buf, handler);
                int ready = Poll.poll(fds, Poll.POLLIN, -1);
                phase++; // odd: awake, before any message is received
                if ((ready & 4) != 0) {
                    break;
                }
                if ((ready & 2) != 0) {
                    EventFd.drain(wakeFd);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            running = false;
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /**
     * Receives and handles messages until the socket is empty, then the exit records until theirs
     * is, then publishes when the first was empty: by then both sockets' messages queued before
     * that moment are handled.
     */
    private void drain(byte[] buf, Consumer<ProcEvent> handler) throws NativeException {
        while (true) {
            long before = System.nanoTime();
            int n = socket.receive(buf);
            if (n == 0) {
                drainExits(buf, handler);
                emptyAt = before;
                phase++; // even: asleep from here on, both sockets found empty
                synchronized (drained) {
                    drained.notifyAll();
                }
                return;
            }
            if (n == Netlink.OVERRUN) {
                overruns++; // the lost messages themselves show as sequence gaps
                continue;
            }
            messages.decode(buf, n, handler);
        }
    }

    private void drainExits(byte[] buf, Consumer<ProcEvent> handler) throws NativeException {
        if (exits == null) {
            return;
        }
        while (true) {
            int n = exits.receive(buf);
            if (n == 0) {
                return;
            }
            if (n == Taskstats.OVERRUN) {
                exitOverruns++;
                continue;
            }
            exitMessages.decode(buf, n, System.nanoTime(), handler);
        }
    }

    /**
     * Waits until every process event that happened before {@code nanos} ({@link System#nanoTime})
     * has been handled, or {@code timeoutNanos} passed; {@code nanos} is not in the future.
     *
     * @return whether it caught up in time (false also when the listener is not running)
     */
    public boolean awaitCaughtUp(long nanos, long timeoutNanos) throws InterruptedException {
        if (caughtUp(nanos)) {
            return true;
        }
        if (!running) {
            return false;
        }
        if (asleepAndEmpty()) {
            return true;
        }
        wakeUps++; // volatile, not atomic: one caller at a time (the monitor's reader)
        try {
            EventFd.signal(wakeFd);
        } catch (NativeException e) {
            throw new IllegalStateException("cannot wake the connector listener: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (drained) {
            while (!caughtUp(nanos)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                drained.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
        return true;
    }

    /**
     * Whether the listener is asleep after a drain, with nothing queued in its sockets: then every
     * process event that happened before now has been handled. The phase is read before and after
     * the sockets are polled: had the listener woken in between, it could be holding a message
     * it received but has not handled yet.
     */
    private boolean asleepAndEmpty() {
        long p = phase;
        if ((p & 1) != 0) {
            return false;
        }
        try {
            return Poll.poll(sockets, Poll.POLLIN, 0) == 0 && phase == p;
        } catch (NativeException e) {
            return false; // the caller wakes the listener, which reports the socket's failure
        }
    }

    /** Whether a drain found the socket empty after {@code nanos}; never before the first drain. */
    private boolean caughtUp(long nanos) {
        long at = emptyAt;
        // MIN_VALUE - nanos would overflow to a positive difference: "caught up" before any drain.
        return at != Long.MIN_VALUE && at - nanos >= 0;
    }

    /** Times {@link #awaitCaughtUp} woke the listener, rather than finding it asleep over empty sockets. */
    long wakeUps() {
        return wakeUps;
    }

    /** Process-event messages the kernel could not deliver to us (sequence gaps). */
    public long lost() {
        return messages.lost();
    }

    /** Process-event messages received. */
    public long received() {
        return messages.messages();
    }

    /** Times the socket's buffer overran (ENOBUFS). */
    public long overruns() {
        return overruns;
    }

    /** Exit records received (every exiting thread's), or 0 without taskstats. */
    public long exitRecords() {
        return exitMessages == null ? 0 : exitMessages.records();
    }

    /** Times the exit records' socket overran (ENOBUFS): some exits went unnamed. */
    public long exitOverruns() {
        return exitOverruns;
    }

    /** Why the listener ended, if it failed. */
    public Throwable failure() {
        return failure;
    }

    /** Stops the listener, waits for it, and closes the socket and eventfds. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread != null) {
            try {
                EventFd.signal(stopFd);
            } catch (NativeException e) {
                throw new IllegalStateException("cannot stop the connector listener: " + e.getMessage(), e);
            }
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
        if (exits != null) {
            exits.close();
        }
        Unistd.close(wakeFd);
        Unistd.close(stopFd);
        thread = null;
    }
}
