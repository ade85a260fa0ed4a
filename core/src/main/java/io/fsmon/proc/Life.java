package io.fsmon.proc;

/**
 * One lifetime of a process (a pid between fork and exit) in the {@link ProcessTable}. Guarded by
 * the table's lock; times are {@code CLOCK_MONOTONIC} nanoseconds ({@link Long#MIN_VALUE}: before
 * fsmon started, {@link Long#MAX_VALUE}: not yet).
 */
final class Life {
    final int pid;
    final long forkNanos;
    /** Set at fork, or when the scan has seen every process. */
    Life parent;
    long exitNanos = Long.MAX_VALUE;
    /** The table's fields describe the process as of this moment: its last exec, or its fork or scan. */
    long knownSince;
    /** The exec before that (or the fork): an image newer than this belongs to the last exec. */
    long previousExec;
    boolean execUnread;
    Integer ppid;
    String comm;
    String cmd;
    String exe;
    Integer uid;
    Integer loginUid;
    String container;
    /** The kernel's comm when the process exited (taskstats), set only once it has exited in the table. */
    String exitComm;

    Life(int pid, long forkNanos, Life parent) {
        this.pid = pid;
        this.forkNanos = forkNanos;
        this.parent = parent;
        this.knownSince = forkNanos;
        this.previousExec = forkNanos;
    }

    boolean exited() {
        return exitNanos != Long.MAX_VALUE;
    }

    /** Takes over what a child inherits at fork. */
    void inherit(Life from) {
        ppid = from.ppid;
        comm = from.comm;
        cmd = from.cmd;
        exe = from.exe;
        uid = from.uid;
        loginUid = from.loginUid;
        container = from.container;
    }

    /** What is known of this life, for a diagnostic. */
    @Override
    public String toString() {
        return "[fork " + forkNanos + ", exit " + exitNanos + ", last exec " + knownSince + ", exec before "
                + previousExec + ", exec unread " + execUnread + ", ppid " + ppid + ", comm " + comm
                + ", uid " + uid + ", exit comm " + exitComm + "]";
    }
}
