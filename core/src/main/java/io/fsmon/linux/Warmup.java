package io.fsmon.linux;

import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * Links the native calls a monitor needs, on a background thread, while the command line is
 * still being parsed. Each downcall handle costs the JVM a few milliseconds to generate the first
 * time (a stub class per call shape, which the ahead-of-time cache does not keep); a monitor
 * needs about twenty before its marks are placed. Linking them beside the argument parsing, on
 * the machine's other core, takes that off the start-up path: the thread that needs a handle
 * first waits for its class to finish initialising, never links it twice.
 */
public final class Warmup {

    /**
     * The holders of the handles a monitor uses, in the order its main thread needs them on the
     * way to its marks (open and readlink resolve the roots, fanotify_init, eventfd, fstatfs,
     * fanotify_mark, getdents64 and openat walk the trees, ...), then the reader's
     * and the process listener's.
     */
    private static final List<Class<?>> MONITOR_HANDLES = List.of(
            Unistd.Open.class, Unistd.Readlink.class, Fanotify.Init.class, EventFd.Create.class,
            Unistd.Fstatfs.class, Fanotify.Mark.class, Unistd.Close.class, Directories.Getdents64.class,
            Directories.OpenAt.class, FileHandles.NameToHandle.class, Poll.Handle.class,
            Unistd.Read.class, Sched.Handles.class, FileHandles.OpenByHandle.class, FileStatus.Statx.class,
            Netlink.Socket.class, Netlink.SetSockOpt.class, Netlink.Bind.class,
            Passwd.Handle.class, Unistd.Ids.class, Unistd.Write.class);

    private Warmup() {
    }

    /** Starts linking the monitor's native calls on a daemon thread; returns at once. */
    public static void startForMonitor() {
        Thread.ofPlatform().daemon().name("fsmon-link").start(Warmup::linkMonitorHandles);
    }

    /**
     * Links the monitor's handles on the calling thread and returns how many are ready. A handle
     * that fails to link is left for its first caller, who reports it where the user sees it.
     */
    static int linkMonitorHandles() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        int linked = 0;
        for (Class<?> holder : MONITOR_HANDLES) {
            try {
                lookup.ensureInitialized(holder);
                linked++;
            } catch (IllegalAccessException | RuntimeException | Error e) {
                return linked;
            }
        }
        return linked;
    }
}
