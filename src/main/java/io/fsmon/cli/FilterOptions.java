package io.fsmon.cli;

import io.fsmon.event.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.Glob;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The filter options shared by {@code monitor}, {@code add}, {@code tail}, {@code query} and
 * {@code changes}: one filter language everywhere.
 */
final class FilterOptions {
    @Option(names = {"-t", "--types"}, paramLabel = "A,B", converter = MonitorCommand.TypesConverter.class,
            description = "Event types, comma-separated, case-insensitive, or 'all'. Default when watching: CLOSE_WRITE, "
                    + "ATTRIB, CREATE, DELETE, DELETE_SELF, MOVED_FROM, MOVED_TO, MOVE_SELF; in the history: every type.")
    Set<EventType> types;

    @Option(names = "--all-events", description = "Also ACCESS, MODIFY, OPEN, OPEN_EXEC, CLOSE_NOWRITE, FS_ERROR.")
    boolean allEvents;

    @Option(names = {"-e", "--exclude"}, paramLabel = "GLOB", converter = MonitorCommand.GlobConverter.class,
            description = "Skip paths matching GLOB (repeatable).")
    List<Glob> excludes = new ArrayList<>();

    @Option(names = {"-m", "--min-size"}, paramLabel = "SIZE", converter = MonitorCommand.SizeConverter.class,
            description = "Only events on files at least SIZE large after the event.")
    Long minSize;

    @Option(names = "--pid", paramLabel = "PID", split = ",", description = "Only events by these pids.")
    Set<Integer> pids = new HashSet<>();

    @Option(names = "--cmd", paramLabel = "GLOB", converter = MonitorCommand.GlobConverter.class,
            description = "Only events by processes whose command matches GLOB.")
    Glob cmd;

    @Option(names = "--user", paramLabel = "USER", split = ",", description = "Only events by these users (names or uids).")
    Set<String> users = new HashSet<>();

    /** The types asked for: {@code -t}, plus all with {@code --all-events}; {@code dflt} when neither is given. */
    Set<EventType> types(Set<EventType> dflt) {
        if (types == null) {
            return allEvents ? EnumSet.copyOf(EventType.ALL) : dflt;
        }
        Set<EventType> wanted = EnumSet.copyOf(types);
        if (allEvents) {
            wanted.addAll(EventType.ALL);
        }
        return wanted;
    }

    EventFilter filter(Set<EventType> wanted) {
        return new EventFilter(wanted, excludes, minSize, pids, cmd, users);
    }

    List<String> excludePatterns() {
        return excludes.stream().map(Glob::pattern).toList();
    }
}
