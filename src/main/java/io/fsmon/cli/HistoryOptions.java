package io.fsmon.cli;

import io.fsmon.event.EventFilter;
import io.fsmon.event.Glob;
import io.fsmon.history.Query;
import io.fsmon.history.TimeSpec;
import io.fsmon.log.EventFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The options {@code query} and {@code changes} share: the monitor's filters plus time, order and output. */
final class HistoryOptions {
    /** The monitor's filter options, the same here (-t defaults to every type recorded). */
    @Mixin
    FilterOptions filter = new FilterOptions();

    @Option(names = "--path", paramLabel = "GLOB", converter = MonitorCommand.GlobConverter.class,
            description = "Only events whose path (or old path, for a rename) matches GLOB (repeatable: any of them).")
    List<Glob> paths = new ArrayList<>();

    @Option(names = "--ancestor", paramLabel = "NAME", converter = MonitorCommand.GlobConverter.class,
            description = "Only events whose recorded ancestry (monitor --chain) holds a process named NAME (a glob) or with pid NAME.")
    Glob ancestor;

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
        EventFilter events = filter.filter(filter.types(null));
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative: " + limit);
        }
        return new Query(events, paths, ancestor, since, until, sort, limit, reverse);
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
