package io.fsmon.proc;

/**
 * The fields fsmon needs from {@code /proc/PID/stat} (see proc_pid_stat(5)).
 *
 * @param pid       field 1, the pid the file belongs to
 * @param comm      field 2, the kernel's short command name (at most 15 bytes; may hold spaces and
 *                  parentheses)
 * @param state     field 3, e.g. {@code R}, {@code S}, {@code Z}
 * @param ppid      field 4, the parent's pid
 * @param startTime field 22, clock ticks after boot at which the process started; together with
 *                  the pid it names a process uniquely, which is what makes pid reuse detectable
 */
public record ProcStat(int pid, String comm, char state, int ppid, long startTime) {
}
