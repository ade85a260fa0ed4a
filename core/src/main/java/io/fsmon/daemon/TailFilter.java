package io.fsmon.daemon;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;

import java.util.List;
import java.util.Set;

/**
 * What a {@code tail} selects, as the user typed it: the monitor's filter options, patterns as
 * text so they travel as JSON. An empty member constrains nothing (no types: every type).
 *
 * @param types    event types, or empty for every type
 * @param excludes glob patterns of paths to leave out
 * @param minSize  bytes, or null
 * @param pids     actors' pids, or empty
 * @param cmd      glob on the actor's command, or null
 * @param users    actors' user names or uids, or empty
 */
public record TailFilter(Set<EventType> types, List<String> excludes, Long minSize, Set<Integer> pids, String cmd,
                         Set<String> users) {
    /** Every event. */
    public static final TailFilter ANY = new TailFilter(null, null, null, null, null, null);

    /** Normalises nulls to empty and refuses a bad pattern or a negative size here, not in the daemon. */
    public TailFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        pids = pids == null ? Set.of() : Set.copyOf(pids);
        users = users == null ? Set.of() : Set.copyOf(users);
        eventFilter(types, excludes, minSize, pids, cmd, users);
    }

    /** The filter the live feed applies. */
    public EventFilter eventFilter() {
        return eventFilter(types, excludes, minSize, pids, cmd, users);
    }

    private static EventFilter eventFilter(Set<EventType> types, List<String> excludes, Long minSize, Set<Integer> pids,
                                           String cmd, Set<String> users) {
        return new EventFilter(types, excludes.stream().map(Glob::compile).toList(), minSize, pids,
                cmd == null ? null : Glob.compile(cmd), users);
    }
}
