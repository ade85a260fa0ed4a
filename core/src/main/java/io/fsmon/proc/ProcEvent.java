package io.fsmon.proc;

/**
 * One message of the kernel's process events connector ({@code <linux/cn_proc.h>}), as far as
 * attribution needs it. Every event carries the kernel's {@code CLOCK_MONOTONIC} time in
 * nanoseconds ({@code ktime_get_ns}, the clock of {@link System#nanoTime} on Linux), so it can
 * be ordered against the moments fanotify records were read.
 *
 * <p>Pids are as the kernel names them: {@code pid} is a thread id, {@code tgid} its process.
 */
public sealed interface ProcEvent permits ProcEvent.Fork, ProcEvent.Exec, ProcEvent.Exit,
        ProcEvent.Comm, ProcEvent.Uid, ProcEvent.TaskExit {

    /** When it happened, {@code CLOCK_MONOTONIC} nanoseconds. */
    long nanos();

    /** A new task: a process when {@code childPid == childTgid}, else a thread of {@code childTgid}. */
    record Fork(long nanos, int parentTgid, int childPid, int childTgid) implements ProcEvent {
        public boolean isProcess() {
            return childPid == childTgid;
        }
    }

    /** A successful execve by thread {@code pid} of process {@code tgid}. */
    record Exec(long nanos, int pid, int tgid) implements ProcEvent {
    }

    /** Task {@code pid} ended; the process ended when {@code pid == tgid} (its leader). */
    record Exit(long nanos, int pid, int tgid, int exitCode) implements ProcEvent {
    }

    /** The task renamed itself ({@code prctl(PR_SET_NAME)} or a write to {@code /proc/PID/comm}). */
    record Comm(long nanos, int pid, int tgid, String comm) implements ProcEvent {
    }

    /** The task's uids changed (setuid family): real and effective uid after the change. */
    record Uid(long nanos, int pid, int tgid, int ruid, int euid) implements ProcEvent {
    }

    /**
     * The kernel's accounting record of an exiting task ({@code struct taskstats}, from the
     * taskstats netlink family rather than the connector): what it was called when it exited.
     * Sent from inside {@code do_exit}, before the connector's {@link Exit} of the same task.
     *
     * @param nanos        when it was received: the exit happened at or before it, not later
     * @param comm         {@code ac_comm}: the task's comm at exit (the kernel's, after every exec and rename)
     * @param ppid         {@code ac_ppid}: its parent's tgid at exit
     * @param uid          {@code ac_uid}: its real uid
     * @param elapsedNanos {@code ac_etime}: how long it had run since its fork (microsecond resolution)
     */
    record TaskExit(long nanos, int pid, int tgid, int ppid, int uid, String comm, long elapsedNanos)
            implements ProcEvent {
    }
}
