package io.fsmon.history;

import io.fsmon.event.Actor;
import io.fsmon.filter.EventFilter;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.Glob;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a history query selects and how it orders the result.
 *
 * @param filter    the monitor's filter (types, excludes, size, pid, cmd, user); markers always pass it
 * @param paths     the event's path or old path matches one of these globs; empty: any path
 * @param ancestor  a process in the event's recorded ancestry chain has a command name matching
 *                  this glob, or this pid; null: no constraint (events without a chain fail it)
 * @param since     the first instant selected (inclusive), or null
 * @param until     the instant after the window (exclusive), or null
 * @param sort      the order; null keeps the order the history was written in (time order up to
 *                  the writer's {@link io.fsmon.log.HistoryLayout#MAX_SKEW}) and streams
 * @param limit     at most this many events, after sorting; null: all
 * @param reverse   reverse the order (with {@code limit}: the last N)
 */
public record Query(EventFilter filter, List<Glob> paths, Glob ancestor, Instant since, Instant until,
                    Sort sort, Integer limit, boolean reverse) {

    /** The orders of {@code --sort}. */
    public enum Sort {
        /** Oldest first. */
        TIME(Comparator.comparing(FileEvent::time)),
        /** Largest file (size after the event) first; unknown sizes last. */
        SIZE(Comparator.comparing(FileEvent::fileSize, Comparator.nullsLast(Comparator.<Long>reverseOrder()))),
        /** Lowest pid first; events without a process (markers) last. */
        PID(Comparator.comparing((FileEvent e) -> e.actor() == null ? null : e.actor().pid(),
                Comparator.nullsLast(Comparator.<Integer>naturalOrder())));

        final Comparator<FileEvent> order;

        Sort(Comparator<FileEvent> order) {
            this.order = order;
        }
    }

    public Query {
        filter = filter == null ? new EventFilter(null, null, null, null, null, null) : filter;
        paths = paths == null ? List.of() : List.copyOf(paths);
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since (" + since + ") must be before --until (" + until + ")");
        }
    }

    /** Everything, in write order. */
    public static Query all() {
        return new Query(null, null, null, null, null, null, null, false);
    }

    /** This query with another time window. */
    public Query window(Instant since, Instant until) {
        return new Query(filter, paths, ancestor, since, until, sort, limit, reverse);
    }

    /** Whether the time lies in {@code [since, until)}. */
    public boolean inWindow(Instant t) {
        return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    /**
     * Whether the window and the event types are all this query selects by: then the time and the
     * type of a line written by JsonLines, read from its head by {@link Prefilter}, decide it.
     */
    boolean selectsByTimeAndType() {
        return paths.isEmpty() && constrainsOnlyTimeTypeAndPaths();
    }

    /** Whether nothing but the window, the types and the path globs selects events. */
    boolean constrainsOnlyTimeTypeAndPaths() {
        EventFilter f = filter;
        return ancestor == null && f.excludes().isEmpty() && f.minSize() == null
                && f.pids().isEmpty() && f.cmd() == null && f.users().isEmpty();
    }

    /** The full test of a parsed event that lies in the window: filter, paths, ancestor. */
    public boolean test(FileEvent e) {
        if (!filter.test(e)) {
            return false;
        }
        if (e.type().isMarker()) {
            return true;
        }
        if (!paths.isEmpty() && !matchesPath(e)) {
            return false;
        }
        return ancestor == null || hasAncestor(e.actor());
    }

    private boolean matchesPath(FileEvent e) {
        for (Glob g : paths) {
            if (g.matches(e.path()) || g.matches(e.oldPath())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasAncestor(Actor a) {
        if (a == null || a.chain() == null) {
            return false;
        }
        for (Actor.Ancestor link : a.chain()) {
            if (ancestor.matches(link.comm()) || ancestor.pattern().equals(Integer.toString(link.pid()))) {
                return true;
            }
        }
        return false;
    }
}
