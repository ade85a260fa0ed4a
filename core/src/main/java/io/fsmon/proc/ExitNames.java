package io.fsmon.proc;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives each exited {@link Life} the comm the kernel reported when it exited
 * ({@link ProcEvent.TaskExit}, from taskstats). Part of the {@link ProcessTable}, under its lock.
 *
 * <p>Why a record is kept until its life has exited in the table: the record is sent from
 * {@code do_exit} after every exec of the process and before the connector's exit message, but
 * on another socket, so it may be handled while an exec of that process is still queued on the
 * connector. Once the table has applied the exit, it has applied every exec before it, and the
 * exit comm describes the process as of its last exec the table knows.
 *
 * <p>Why a record cannot name the wrong life of a pid: the record says how long the task ran
 * ({@code ac_etime}, since its {@code start_time}, which the kernel sets in {@code copy_process}
 * just before the connector stamps the fork) and arrives after the exit. So its task started no
 * later than {@code received - elapsed}, and lived {@code elapsed}. A life is a candidate when it
 * was forked by then and lived at least that long (both within {@link #SLACK}), and when its
 * parent (unless it was orphaned: reparented, the record names its new parent) and real uid are
 * the record's. The true life is always a candidate; when another life
 * of the pid is one too, neither is named.
 */
final class ExitNames {

    /** Tolerance for the kernel's start_time and fork stamp differing, and for exit paths. */
    static final long SLACK = 250_000_000L;
    private static final int MAX_PENDING = 4096;

    private final Map<Integer, ProcEvent.TaskExit> pending = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, ProcEvent.TaskExit> eldest) {
            return size() > MAX_PENDING;
        }
    };
    private long named;
    private long ambiguous;

    /** A record arrived: names the exited life it describes, or keeps it until a life of its pid exits. */
    void received(ProcEvent.TaskExit e, ArrayDeque<Life> livesOfPid) {
        if (e.pid() != e.tgid()) {
            return; // a thread's: only the leader's comm is the process's
        }
        if (!name(e, livesOfPid)) {
            pending.put(e.pid(), e);
        }
    }

    /** {@code l} has just exited in the table: applies the record that came first, if any. */
    void exited(Life l, ArrayDeque<Life> livesOfPid) {
        ProcEvent.TaskExit e = pending.remove(l.pid);
        if (e != null) {
            name(e, livesOfPid);
        }
    }

    /** @return whether some exited life was a candidate (named, or ambiguous and left unnamed) */
    private boolean name(ProcEvent.TaskExit e, ArrayDeque<Life> livesOfPid) {
        if (livesOfPid == null) {
            return false;
        }
        Life found = null;
        int candidates = 0;
        for (Life l : livesOfPid) {
            if (l.exited() && describes(e, l)) {
                found = l;
                candidates++;
            }
        }
        if (candidates > 1) {
            ambiguous++;
        } else if (found != null) {
            found.exitComm = e.comm();
            named++;
        }
        return candidates > 0;
    }

    private static boolean describes(ProcEvent.TaskExit e, Life l) {
        if (l.forkNanos == Long.MIN_VALUE) {
            return false; // no fork time to check against; such lives were read from /proc
        }
        long startedBy = e.nanos() - e.elapsedNanos();
        return l.forkNanos <= startedBy + SLACK
                && l.exitNanos - l.forkNanos >= e.elapsedNanos() - SLACK
                && (l.ppid == null || l.ppid == e.ppid() || orphaned(l))
                && (l.uid == null || l.uid == e.uid());
    }

    /** Whether {@code l}'s parent exited before it: it was reparented, its record names the new parent. */
    private static boolean orphaned(Life l) {
        return l.parent != null && l.parent.exited() && l.parent.exitNanos <= l.exitNanos;
    }

    /** Processes named by their exit record. */
    long named() {
        return named;
    }

    /** Exit records that fit more than one life of their pid, so named none. */
    long ambiguous() {
        return ambiguous;
    }
}
