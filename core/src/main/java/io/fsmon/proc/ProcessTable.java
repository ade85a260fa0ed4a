package io.fsmon.proc;

import io.fsmon.event.Actor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Every process of the system, one {@link Life} per process lifetime: filled by one {@code /proc}
 * scan, then kept current by {@link ProcEvent}s from the connector (fork: a new life inheriting
 * its parent's fields; exec: {@code /proc} read at once, on the listener thread; exit: kept for
 * a grace period, since its events may still be queued in fanotify).
 *
 * <p>Why pid reuse cannot mix two processes up: a pid maps to the lives it had, each with the
 * {@code CLOCK_MONOTONIC} times of its fork and exit. An event read in the window
 * {@code (from, to]} can only come from a life that was forked before {@code to} and had not
 * exited before {@code from}. When two lives of one pid qualify, the event is attributed to
 * neither: the pid alone is reported, never a name that may be another process's.
 *
 * <p>Times are compared as plain longs: {@code CLOCK_MONOTONIC} counts from boot and does not wrap;
 * {@link Long#MIN_VALUE} stands for "before fsmon started", {@link Long#MAX_VALUE} for "not yet".
 *
 * <p>Threads: {@link #apply} is called by the connector's listener thread only (it alone changes
 * the lives and reads {@code /proc} outside the lock); lookups come from the fanotify reader.
 */
public final class ProcessTable {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_EXITED = 16_384;
    private static final int CHAIN_LIMIT = 32;

    private final ProcFs procFs;
    private final UserNames users;
    private final LongSupplier nanoClock;
    private final long graceNanos;
    private final int maxExited;
    private final Map<Integer, ArrayDeque<Life>> lives = new HashMap<>();
    private final ArrayDeque<Life> exited = new ArrayDeque<>();
    private final ExitNames exitNames = new ExitNames();
    private long ambiguous;

    /** A table over the real {@code /proc}, naming users through NSS, with the defaults. */
    public ProcessTable() {
        this(new ProcFs(), new UserNames(), System::nanoTime, DEFAULT_GRACE, DEFAULT_MAX_EXITED);
    }

    /**
     * @param nanoClock  {@link System#nanoTime} but in tests; the connector's clock
     * @param grace      how long an exited process is kept for events still queued
     * @param maxExited  at most this many exited processes are kept, oldest dropped first
     */
    public ProcessTable(ProcFs procFs, UserNames users, LongSupplier nanoClock, Duration grace, int maxExited) {
        this.procFs = procFs;
        this.users = users;
        this.nanoClock = nanoClock;
        this.graceNanos = grace.toNanos();
        this.maxExited = maxExited;
    }

    /**
     * Adds every process now in {@code /proc}. Call after subscribing to the connector and before
     * handing it events, so no process falls between the two.
     */
    public void fill() throws IOException {
        List<Life> added = new ArrayList<>();
        for (int pid : procFs.pids()) {
            long now = nanoClock.getAsLong();
            Optional<Snapshot> s = Snapshot.read(procFs, pid);
            if (s.isPresent()) {
                Life l = new Life(pid, Long.MIN_VALUE, null);
                l.knownSince = now;
                s.get().fill(l);
                added.add(l);
            }
        }
        synchronized (this) {
            for (Life l : added) {
                lives.computeIfAbsent(l.pid, k -> new ArrayDeque<>()).addLast(l);
            }
            for (Life l : added) {
                l.parent = l.ppid == null ? null : current(l.ppid);
            }
        }
    }

    /** Applies one connector event; reads {@code /proc} for an exec. Listener thread only. */
    public void apply(ProcEvent e) {
        switch (e) {
            case ProcEvent.Fork f -> {
                if (f.isProcess()) {
                    forked(f);
                }
            }
            case ProcEvent.Exec x -> exec(x, Snapshot.read(procFs, x.tgid()));
            case ProcEvent.Exit x -> {
                if (x.pid() == x.tgid()) {
                    exited(x.tgid(), x.nanos());
                }
            }
            case ProcEvent.Comm c -> {
                if (c.pid() == c.tgid()) {
                    update(c.tgid(), l -> l.comm = c.comm());
                }
            }
            case ProcEvent.Uid u -> update(u.tgid(), l -> l.uid = u.ruid());
            case ProcEvent.TaskExit t -> taskExit(t);
        }
        evict();
    }

    private synchronized void forked(ProcEvent.Fork f) {
        Life parent = current(f.parentTgid());
        Life old = current(f.childTgid());
        if (old != null) {
            exited(old.pid, f.nanos()); // its exit message was lost
        }
        Life child = new Life(f.childTgid(), f.nanos(), parent);
        if (parent != null) {
            child.inherit(parent);
            child.ppid = parent.pid;
        } else {
            child.ppid = f.parentTgid();
        }
        lives.computeIfAbsent(child.pid, k -> new ArrayDeque<>()).addLast(child);
    }

    private synchronized void exec(ProcEvent.Exec x, Optional<Snapshot> read) {
        Life l = current(x.tgid());
        if (l == null) {
            l = new Life(x.tgid(), Long.MIN_VALUE, null); // forked before we listened, missed by the scan
            lives.computeIfAbsent(l.pid, k -> new ArrayDeque<>()).addLast(l);
        }
        l.previousExec = l.knownSince;
        l.knownSince = x.nanos();
        l.execUnread = read.isEmpty();
        if (read.isPresent()) {
            read.get().fill(l);
        } else {
            l.comm = null; // exited before we could look: what it inherited is no longer true
            l.cmd = null;
            l.exe = null;
        }
    }

    private synchronized void exited(int pid, long nanos) {
        Life l = current(pid);
        if (l != null) {
            l.exitNanos = nanos;
            exited.addLast(l);
            exitNames.exited(l, lives.get(pid));
        }
    }

    private synchronized void taskExit(ProcEvent.TaskExit t) {
        exitNames.received(t, lives.get(t.tgid()));
    }

    private synchronized void update(int pid, java.util.function.Consumer<Life> change) {
        Life l = current(pid);
        if (l != null) {
            change.accept(l);
        }
    }

    private synchronized void evict() {
        long now = nanoClock.getAsLong();
        while (!exited.isEmpty() && (exited.size() > maxExited || now - exited.peekFirst().exitNanos > graceNanos)) {
            Life l = exited.removeFirst();
            ArrayDeque<Life> q = lives.get(l.pid);
            if (q != null && q.remove(l) && q.isEmpty()) {
                lives.remove(l.pid);
            }
        }
    }

    /** The life of {@code pid} that has not exited, or null. */
    private Life current(int pid) {
        ArrayDeque<Life> q = lives.get(pid);
        Life l = q == null ? null : q.peekLast();
        return l != null && l.exitNanos == Long.MAX_VALUE ? l : null;
    }

    /** Stands for "more than one life of the pid could have made the event". */
    private static final Life AMBIGUOUS = new Life(0, Long.MIN_VALUE, null);

    /** The one life in {@code lifes} alive at some time in {@code (from, to]}; null if none, AMBIGUOUS if several. */
    private static Life onlyLife(ArrayDeque<Life> lifes, long from, long to) {
        Life found = null;
        if (lifes != null) {
            for (Life l : lifes) {
                if (l.forkNanos <= to && l.exitNanos >= from) {
                    if (found != null) {
                        return AMBIGUOUS;
                    }
                    found = l;
                }
            }
        }
        return found;
    }

    /**
     * The process behind an event of {@code pid} read in {@code (from, to]} ({@link System#nanoTime}).
     *
     * @param images what fanotify showed each pid exec, for processes that exited before
     *               {@code /proc} could be read, or whose exec the table has not handled yet
     * @param chain  whether to add the ancestry
     * @return the actor; {@link Actor#unknown} when no life or more than one could have made it
     */
    public synchronized Actor actorOf(int pid, long from, long to, ExecImages images, boolean chain) {
        ArrayDeque<Life> q = lives.get(pid);
        Life found = onlyLife(q, from, to);
        if (found == AMBIGUOUS) {
            ambiguous++;
        }
        if (found == null || found == AMBIGUOUS) {
            return Actor.unknown(pid);
        }
        Actor a = actor(found, q, images == null ? null : images.latest(pid), from);
        return chain ? a.withChain(chainOf(found)) : a;
    }

    /**
     * Whether the one life of {@code pid} that could have made an event read in {@code (from, to]}
     * (or, with {@code chain}, one of its unnamed ancestors) exec'd a program whose {@code /proc}
     * was already gone, and has not exited in the table yet: its exit is then already on its way
     * (a process's {@code /proc} goes only after its exit is reported), and with it the comm it had.
     */
    public synchronized boolean exitPending(int pid, long from, long to, boolean chain) {
        Life found = onlyLife(lives.get(pid), from, to);
        if (found == null || found == AMBIGUOUS) {
            return false;
        }
        if (found.execUnread && !found.exited()) {
            return true;
        }
        int links = 0;
        for (Life p = found.parent; chain && p != null && links < CHAIN_LIMIT; p = p.parent, links++) {
            if (p.comm == null && p.execUnread && !p.exited()) {
                return true;
            }
        }
        return false;
    }

    private Actor actor(Life l, ArrayDeque<Life> lifesOfPid, ExecImages.Image image, long from) {
        String comm = l.comm;
        String cmd = l.cmd;
        String exe = l.exe;
        boolean guessed = false;
        if (image != null && image.windowStart() >= l.knownSince && image.windowStart() >= l.forkNanos) {
            // It exec'd after what the table knows (the connector's message is still on its way).
            comm = image.comm();
            exe = image.exe();
            cmd = null;
            guessed = true;
        } else if (l.execUnread && image != null && ExecEvidence.isOfLastExec(l, lifesOfPid, image)) {
            comm = image.comm(); // gone before /proc could be read; fanotify saw what it exec'd
            exe = image.exe();
            guessed = true;
        }
        // The kernel's own name beats the image's basename (a symlink elsewhere, e.g. /etc/alternatives).
        if ((comm == null || guessed) && l.exitComm != null && ExecEvidence.exitCommHolds(l, lifesOfPid, image, from)) {
            comm = l.exitComm;
        }
        return new Actor(l.pid, null, l.ppid, comm, cmd, exe, l.uid, nameOf(l.uid),
                l.loginUid, nameOf(l.loginUid), l.container);
    }

    private List<Actor.Ancestor> chainOf(Life l) {
        List<Actor.Ancestor> chain = new ArrayList<>();
        for (Life c = l, p = l.parent; p != null && chain.size() < CHAIN_LIMIT; c = p, p = p.parent) {
            chain.add(new Actor.Ancestor(p.pid, ExecEvidence.ancestorComm(p, c), nameOf(p.uid)));
        }
        return chain;
    }

    private String nameOf(Integer uid) {
        return uid == null ? null : users.nameOf(uid);
    }

    /** What the table knows of each life of {@code pid}, for a diagnostic. */
    public synchronized String describe(int pid) {
        return "pid " + pid + ": " + lives.getOrDefault(pid, new ArrayDeque<>());
    }

    /** Events attributed to no one because two lives of their pid could have made them. */
    public synchronized long ambiguous() {
        return ambiguous;
    }

    /** Processes named by the comm the kernel reported at their exit (taskstats). */
    public synchronized long exitNamed() {
        return exitNames.named();
    }

    /** How many process lives are known, exited ones included. */
    public synchronized int size() {
        int n = 0;
        for (ArrayDeque<Life> q : lives.values()) {
            n += q.size();
        }
        return n;
    }
}
