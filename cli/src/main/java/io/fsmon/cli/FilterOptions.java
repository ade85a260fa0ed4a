package io.fsmon.cli;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The filter options shared by {@code monitor}, {@code add}, {@code tail}, {@code query} and
 * {@code changes}: one filter language everywhere.
 */
final class FilterOptions implements Declared.Group {
    Set<EventType> types;
    boolean allEvents;
    List<Glob> excludes = new ArrayList<>();
    Long minSize;
    Set<Integer> pids = new HashSet<>();
    Glob cmd;
    Set<String> users = new HashSet<>();

    @Override
    public void declare(CommandSpec spec) {
        spec.addOption(Declared.option(() -> types, v -> types = v, "-t", "--types").paramLabel("A,B")
                .type(Set.class).auxiliaryTypes(EventType.class).converters(MonitorCommand.parsing(EventType::parseList))
                .description("Event types, comma-separated, case-insensitive, or 'all'. Default when watching: CLOSE_WRITE, "
                        + "ATTRIB, CREATE, DELETE, DELETE_SELF, MOVED_FROM, MOVED_TO, MOVE_SELF; in the history: every type.")
                .build());
        spec.addOption(Declared.option(() -> allEvents, v -> allEvents = v, "--all-events").type(boolean.class)
                .description("Also ACCESS, MODIFY, OPEN, OPEN_EXEC, CLOSE_NOWRITE, FS_ERROR.").build());
        spec.addOption(Declared.option(() -> excludes, v -> excludes = v, "-e", "--exclude").paramLabel("GLOB")
                .type(List.class).auxiliaryTypes(Glob.class).converters(MonitorCommand.parsing(Glob::compile))
                .description("Skip paths matching GLOB (repeatable).").build());
        spec.addOption(Declared.option(() -> minSize, v -> minSize = v, "-m", "--min-size").paramLabel("SIZE")
                .type(Long.class).converters(new MonitorCommand.SizeConverter())
                .description("Only events on files at least SIZE large after the event.").build());
        spec.addOption(Declared.option(() -> pids, v -> pids = v, "--pid").paramLabel("PID").splitRegex(",")
                .type(Set.class).auxiliaryTypes(Integer.class).description("Only events by these pids.").build());
        spec.addOption(Declared.option(() -> cmd, v -> cmd = v, "--cmd").paramLabel("GLOB")
                .type(Glob.class).converters(MonitorCommand.parsing(Glob::compile))
                .description("Only events by processes whose command matches GLOB.").build());
        spec.addOption(Declared.option(() -> users, v -> users = v, "--user").paramLabel("USER").splitRegex(",")
                .type(Set.class).auxiliaryTypes(String.class).converters(MonitorCommand.parsing(FilterOptions::user))
                .description("Only events by these users (names or uids).").build());
    }

    /**
     * A user as {@code --user} takes it: a uid, or a name the user database knows (NSS, as
     * {@code id} asks it), so that a typo is an error rather than a filter that matches nothing.
     */
    static String user(String name) {
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return name;
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
            return name;
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("no such user: '" + name + "'");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot look up user '" + name + "': " + e.getMessage());
        }
    }

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

    /** These filters (but the types) on a watcher. */
    void applyTo(io.fsmon.api.FileWatcher.Builder w) {
        excludes.forEach(g -> w.exclude(g.pattern()));
        if (minSize != null) {
            w.minSize(minSize);
        }
        pids.forEach(w::pid);
        if (cmd != null) {
            w.command(cmd.pattern());
        }
        users.forEach(w::user);
    }

    /** These filters (but the types) on a history query. */
    void applyTo(io.fsmon.api.History.Query q) {
        excludes.forEach(g -> q.exclude(g.pattern()));
        if (minSize != null) {
            q.minSize(minSize);
        }
        pids.forEach(q::pid);
        if (cmd != null) {
            q.command(cmd.pattern());
        }
        users.forEach(q::user);
    }

    List<String> excludePatterns() {
        return excludes.stream().map(Glob::pattern).toList();
    }
}
