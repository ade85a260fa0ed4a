package io.fsmon.proc;

/**
 * The fields fsmon needs from {@code /proc/PID/status} (see proc_pid_status(5)).
 *
 * @param uid  the real uid, the first number of the {@code Uid:} line; uids are unsigned in the
 *             kernel, one above {@link Integer#MAX_VALUE} shows as a negative int
 * @param tgid the thread group id: equal to the pid for a process, different for a thread
 * @param ppid the parent's pid
 */
public record Status(int uid, int tgid, int ppid) {
}
