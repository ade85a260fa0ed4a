package io.fsmon.cli;

import io.fsmon.event.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.Glob;
import io.fsmon.history.Query;
import io.fsmon.history.TimeSpec;
import io.fsmon.log.EventFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The options {@code query} and {@code changes} share: the monitor's filters plus time, order and output. */
final class HistoryOptions {
    @Option(names = {"-t", "--types"}, paramLabel = "A,B", converter = MonitorCommand.TypesConverter.class,
            description = "Event types, comma-separated, case-insensitive, or 'all'. Default: every type recorded.")
    Set<EventType> types;

    @Option(names = "--path", paramLabel = "GLOB", converter = MonitorCommand.GlobConverter.class,
            description = "Only events whose path (or old path, for a rename) matches GLOB (repeatable: any of them).")
    List<Glob> paths = new ArrayList<>();

    @Option(names = {"-e", "--exclude"}, paramLabel = "GLOB", converter = MonitorCommand.GlobConverter.class,
            description = "Skip paths matching GLOB (repeatable).")
    List<Glob> excludes = new ArrayList<>();

    @Option(names = "--pid", paramLabel = "PID", split = ",", description = "Only events by these pids.")
    Set<Integer> pids = new HashSet<>();

    @Option(names = "--cmd", paramLabel = "GLOB", converter = MonitorCommand.GlobConverter.class,
            description = "Only events by processes whose command matches GLOB.")
    Glob cmd;

    @Option(names = "--user", paramLabel = "USER", split = ",", description = "Only events by these users (names or uids).")
    Set<String> users = new HashSet<>();

    @Option(names = "--ancestor", paramLabel = "NAME", converter = MonitorCommand.GlobConverter.class,
            description = "Only events whose recorded ancestry (monitor --chain) holds a process named NAME (a glob) or with pid NAME.")
    Glob ancestor;

    @Option(names = {"-m", "--min-size"}, paramLabel = "SIZE", converter = MonitorCommand.SizeConverter.class,
            description = "Only events on files at least SIZE large after the event.")
    Long minSize;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
            description = "From TIME on (inclusive): 30m, 2h, 7d, '2026-05-01 10:00' (local), RFC 3339.")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Before TIME (exclusive); same forms as --since.")
    Instant until;

    @Option(names = "--sort", paramLabel = "KEY",
            description = "time (oldest first), size (largest first) or pid. Default: the order written, "
                    + "which is time order up to the writer's 5 s skew.")
    Query.Sort sort;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (after sorting).")
    Integer limit;

    @Option(names = "--reverse", description = "Reverse the order (with --limit: the last N).")
    boolean reverse;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "human",
            converter = MonitorCommand.FormatConverter.class, description = "human, json or csv (default: ${DEFAULT-VALUE}).")
    EventFormat format;

    @Option(names = "--history", paramLabel = "DIR",
            description = "The history folder (default: $FSMON_HISTORY, else /var/lib/fsmon/history for root, "
                    + "~/.local/state/fsmon/history for others).")
    Path history;

    /**
     * The query these options describe.
     *
     * @throws IllegalArgumentException for contradictions no single option shows (--since after --until, negative --limit)
     */
    Query query() {
        EventFilter filter = new EventFilter(types, excludes, minSize, pids, cmd, users);
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative: " + limit);
        }
        return new Query(filter, paths, ancestor, since, until, sort, limit, reverse);
    }

    static final class TimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return TimeSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
