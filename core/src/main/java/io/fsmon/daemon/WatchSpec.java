package io.fsmon.daemon;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import io.fsmon.monitor.MonitorConfig;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One watch of the daemon, as the user gave it ({@code fsmon add}, the config file) and as it is
 * persisted: the monitor's options in a form that travels as JSON ({@link ControlCodec}).
 *
 * @param path     absolute path
 * @param types    the event types (already resolved from {@code -t}/{@code --all-events})
 * @param excludes glob patterns as typed
 * @param minSize  bytes, or null
 * @param cmd      glob, or null
 * @param marks    how marks are placed
 */
public record WatchSpec(String path, boolean recursive, Set<EventType> types, List<String> excludes, Long minSize,
                        Set<Integer> pids, String cmd, Set<String> users, MonitorConfig.MarkMode marks) {

    public WatchSpec {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a watch needs an absolute path: " + path);
        }
        types = types == null || types.isEmpty() ? EventType.DEFAULTS : Set.copyOf(types);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        pids = pids == null ? Set.of() : Set.copyOf(pids);
        users = users == null ? Set.of() : Set.copyOf(users);
        marks = marks == null ? MonitorConfig.MarkMode.AUTO : marks;
        excludes.forEach(Glob::compile); // refuse bad patterns here, not when the monitor starts
    }

    /** A watch with default options. */
    public static WatchSpec of(String path, boolean recursive) {
        return new WatchSpec(path, recursive, null, null, null, null, null, null, null);
    }

    /** What the monitor needs. */
    public MonitorConfig monitorConfig() {
        List<Glob> globs = excludes.stream().map(Glob::compile).toList();
        EventFilter filter = new EventFilter(types, globs, minSize, pids, cmd == null ? null : Glob.compile(cmd), users);
        return new MonitorConfig(List.of(Path.of(path)), recursive, EnumSet.copyOf(types), filter, marks, false);
    }

    /** The options in {@code fsmon add}'s words, for {@code list}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(path);
        if (recursive) {
            sb.append(" -r");
        }
        if (!types.equals(EventType.DEFAULTS)) {
            sb.append(" -t ").append(String.join(",", new TreeSet<>(types.stream().map(Enum::name).toList())));
        }
        excludes.forEach(e -> sb.append(" -e '").append(e).append('\''));
        if (minSize != null) {
            sb.append(" -m ").append(minSize);
        }
        pids.stream().sorted().forEach(p -> sb.append(" --pid ").append(p));
        if (cmd != null) {
            sb.append(" --cmd '").append(cmd).append('\'');
        }
        users.stream().sorted().forEach(u -> sb.append(" --user ").append(u));
        if (marks != MonitorConfig.MarkMode.AUTO) {
            sb.append(" --marks ").append(marks.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
