package io.fsmon.daemon;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import io.fsmon.filter.Sizes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tail}'s filter on the wire: the monitor's filter options with the same keys as a
 * {@link WatchSpec} ({@code types}, {@code exclude}, {@code min_size}, {@code pids}, {@code cmd},
 * {@code users}); absent keys constrain nothing.
 */
public final class FilterCodec {
    private FilterCodec() {
    }

    public static Map<String, Object> toMap(Set<EventType> types, List<String> excludes, Long minSize,
                                            Set<Integer> pids, String cmd, Set<String> users) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("types", types == null ? null : types.stream().map(Enum::name).sorted().toList());
        m.put("exclude", excludes);
        m.put("min_size", minSize);
        m.put("pids", pids == null ? null : pids.stream().sorted().toList());
        m.put("cmd", cmd);
        m.put("users", users == null ? null : users.stream().sorted().toList());
        return m;
    }

    static EventFilter fromMap(Map<String, Object> m) {
        Set<EventType> types = null;
        List<Object> t = Messages.list(m, "types");
        if (!t.isEmpty()) {
            types = EventType.parseList(String.join(",", t.stream().map(Object::toString).toList()));
        }
        List<Glob> excludes = new ArrayList<>();
        Messages.list(m, "exclude").forEach(o -> excludes.add(Glob.compile(o.toString())));
        Object ms = m.get("min_size");
        Long minSize = ms == null ? null : ms instanceof Number n ? n.longValue() : Sizes.parse(ms.toString());
        Set<Integer> pids = new LinkedHashSet<>();
        Messages.list(m, "pids").forEach(o -> pids.add(((Number) o).intValue()));
        Set<String> users = new LinkedHashSet<>();
        Messages.list(m, "users").forEach(o -> users.add(o.toString()));
        String cmd = Messages.string(m, "cmd");
        return new EventFilter(types, excludes, minSize, pids, cmd == null ? null : Glob.compile(cmd), users);
    }
}
