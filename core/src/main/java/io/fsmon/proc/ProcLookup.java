package io.fsmon.proc;

import io.fsmon.event.Actor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Attribution by reading {@code /proc} when an event is processed: pid → {@link Actor}, with a
 * per-process cache. This is the fallback when the proc connector is unavailable (no
 * CONFIG_PROC_EVENTS, no CAP_NET_ADMIN); {@link ProcessTable} is what fsmon uses otherwise, since
 * a process that exited before its event was read cannot be found here.
 *
 * <p>Why a cache: reading {@code /proc} for every event cannot keep up with a busy writer (the
 * fanotify queue overflowed and lost about half the events); a burst of events by one process
 * should cost one set of reads.
 *
 * <p>Why pid reuse cannot mix two processes up: an entry is keyed by pid but remembers the
 * process's start time, and pid plus start time names one process. An entry is trusted for a
 * short time after it was last checked ({@code trust}, 1 s by default); after that the next
 * lookup re-reads only {@code /proc/PID/stat} (one small read) and
 * <ul>
 *   <li>same start time and comm: the same program, trusted again;</li>
 *   <li>different start time: another process has the pid, the entry is read afresh;</li>
 *   <li>different comm: the process exec'd another program (pid and start time survive execve),
 *       the entry is read afresh;</li>
 *   <li>no such process: the entry is kept, as it is still the best knowledge about the events
 *       it made that are still queued, until {@link #forget}, LRU eviction or a new process
 *       with that pid is seen.</li>
 * </ul>
 * A fresh read is bracketed by two {@code stat} reads; if the start time changed in between, the
 * pid was reused mid-read and the read is repeated, so one Actor never mixes two processes.
 *
 * <p>What the trust window costs: within it an exec (or a reuse of the pid) is not seen. fanotify
 * reports the tgid, and the fork-then-exec of a shell does write files under both names; the
 * exec-correlation feature (proc connector, FAN_OPEN_EXEC) is meant to close that gap through
 * {@link #put} and {@link #forget}.
 *
 * <p>Threads: every method is {@code synchronized}. It is built for one reader thread (the lock is
 * then uncontended and cheap); other threads may call {@link #put} and {@link #forget} safely, but
 * they wait while a lookup reads {@code /proc}.
 */
public final class ProcLookup {

    /** Default for how long an entry is trusted without looking at {@code /proc} again. */
    public static final Duration DEFAULT_TRUST = Duration.ofSeconds(1);
    /** Default bound on the number of cached processes (the default pid_max is 4M). */
    public static final int DEFAULT_MAX_ENTRIES = 16_384;

    private static final int READ_ATTEMPTS = 3;

    /** What is known about one process, and when it was last checked against /proc. */
    private record Cached(Actor actor, long startTime, String comm, long checkedNanos) {
        Cached checkedAt(long nanos) {
            return new Cached(actor, startTime, comm, nanos);
        }
    }

    private final ProcFs procFs;
    private final UserNames userNames;
    private final LongSupplier nanoClock;
    private final long trustNanos;
    private final Map<Integer, Cached> entries;

    /** A table over the real {@code /proc} and {@code /etc/passwd} with the defaults. */
    public ProcLookup() {
        this(new ProcFs(), new UserNames(), System::nanoTime, DEFAULT_TRUST, DEFAULT_MAX_ENTRIES);
    }

    /**
     * @param procFs     where processes are read
     * @param userNames  how uids are named
     * @param nanoClock  a monotonic clock in nanoseconds ({@code System::nanoTime} but in tests)
     * @param trust      how long an entry is used without checking {@code /proc} again
     * @param maxEntries how many processes are cached; the least recently used is evicted
     */
    public ProcLookup(ProcFs procFs, UserNames userNames, LongSupplier nanoClock,
                        Duration trust, int maxEntries) {
        if (maxEntries < 1 || trust.isNegative()) {
            throw new IllegalArgumentException("maxEntries " + maxEntries + ", trust " + trust);
        }
        this.procFs = procFs;
        this.userNames = userNames;
        this.nanoClock = nanoClock;
        this.trustNanos = trust.toNanos();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * The process behind {@code pid} (a tgid, as fanotify reports it), from the cache when it can
     * be trusted, else from {@code /proc}. Never throws for a vanished process.
     *
     * @return the actor with every field that could be read, or {@link Actor#unknown} when the
     *         process is gone and was never seen
     */
    public synchronized Actor actorOf(int pid) {
        long now = nanoClock.getAsLong();
        Cached cached = entries.get(pid);
        if (cached != null && now - cached.checkedNanos() < trustNanos) {
            return cached.actor();
        }
        Optional<ProcStat> stat = procFs.stat(pid);
        if (stat.isEmpty()) {
            if (cached == null) {
                return Actor.unknown(pid);
            }
            entries.put(pid, cached.checkedAt(now));
            return cached.actor();
        }
        if (cached != null && cached.startTime() == stat.get().startTime()
                && Objects.equals(cached.comm(), stat.get().comm())) {
            entries.put(pid, cached.checkedAt(now));
            return cached.actor();
        }
        return readFresh(pid, stat.get(), now);
    }

    /**
     * Records what another source learnt about a process (an exec seen by the proc connector),
     * replacing what was cached, and trusts it for the usual time.
     *
     * @param startTime the process's start time in clock ticks after boot, as in
     *                  {@code /proc/PID/stat} field 22, so later lookups can detect pid reuse
     * @return the actor cached before, or {@code null}
     */
    public synchronized Actor put(int pid, Actor actor, long startTime) {
        Cached previous = entries.put(pid,
                new Cached(actor, startTime, actor.comm(), nanoClock.getAsLong()));
        return previous == null ? null : previous.actor();
    }

    /** Drops what is cached about {@code pid}, e.g. when it exec'd; the next lookup reads /proc. */
    public synchronized void forget(int pid) {
        entries.remove(pid);
    }

    /** How many processes are cached. */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * Reads the process, retrying if its pid was reused while we read; caches the result. The
     * stat taken before the reads names the process the reads are about; if a stat taken after
     * them names another one, some reads may describe the newcomer.
     */
    private Actor readFresh(int pid, ProcStat stat, long now) {
        ProcStat before = stat;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            Actor actor = read(pid, before);
            Optional<ProcStat> after = procFs.stat(pid);
            // Gone before the second stat: what we read was still its, so it is kept.
            if (after.isEmpty() || after.get().startTime() == before.startTime()) {
                entries.put(pid, new Cached(actor, before.startTime(), before.comm(), now));
                return actor;
            }
            before = after.get();
        }
        return Actor.unknown(pid); // pids recycled faster than we read: cache nothing
    }

    /** One read of everything attributable; fields that cannot be read stay null. */
    private Actor read(int pid, ProcStat stat) {
        Optional<Status> status = procFs.status(pid);
        Integer uid = status.map(Status::uid).orElse(null);
        // /proc/TID is readable though unlisted: if we were given a thread, report its process.
        Integer tid = status.filter(s -> s.tgid() != pid).map(s -> pid).orElse(null);
        int tgid = status.map(Status::tgid).orElse(pid);
        OptionalInt loginUid = procFs.loginUid(pid);
        Integer login = loginUid.isPresent() ? loginUid.getAsInt() : null;
        return new Actor(tgid, tid, stat.ppid(), stat.comm(),
                procFs.cmdline(pid).orElse(null),
                procFs.exe(pid).orElse(null),
                uid, uid == null ? null : userNames.nameOf(uid),
                login, login == null ? null : userNames.nameOf(login),
                procFs.cgroup(pid).orElse(null));
    }
}
