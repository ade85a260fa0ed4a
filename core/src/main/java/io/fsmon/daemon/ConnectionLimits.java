package io.fsmon.daemon;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many control connections the daemon serves at once: {@value #MAX_CONNECTIONS} in all, of
 * which users other than root hold {@value #MAX_OTHERS} together and {@value #MAX_PER_USER} each,
 * so that root can always reach its daemon and one user cannot crowd out the others. A
 * {@code tail} holds its connection for as long as it runs.
 */
final class ConnectionLimits {
    /** Connections served at once, everyone together. */
    static final int MAX_CONNECTIONS = 64;
    /** Connections of users other than root together (the rest is kept for root). */
    static final int MAX_OTHERS = 48;
    /** Connections of one user other than root. */
    static final int MAX_PER_USER = 16;

    private final Map<String, Integer> perUser = new HashMap<>();
    private int others;
    private final LongAdder refused = new LongAdder();

    /** Counts a connection in, or says (one sentence) which limit it is over; {@code open}: connections served now. */
    synchronized String admit(Peer peer, int open) {
        if (open >= MAX_CONNECTIONS) {
            return "the daemon serves " + MAX_CONNECTIONS + " connections at most; try again later";
        }
        if (!peer.root()) {
            int mine = perUser.getOrDefault(peer.user(), 0);
            if (mine >= MAX_PER_USER) {
                return "user " + peer.user() + " holds " + MAX_PER_USER + " connections already (the most one user may)";
            }
            if (others >= MAX_OTHERS) {
                return "users other than root hold " + MAX_OTHERS + " connections already; try again later";
            }
            perUser.put(peer.user(), mine + 1);
            others++;
        }
        return null;
    }

    /** Counts an admitted connection out. */
    synchronized void release(Peer peer) {
        if (!peer.root()) {
            perUser.computeIfPresent(peer.user(), (u, n) -> n > 1 ? n - 1 : null);
            others--;
        }
    }

    /** Counts a connection refused (not allowed, over a limit, a request too large). */
    void refused() {
        refused.increment();
    }

    long refusedSoFar() {
        return refused.sum();
    }
}
