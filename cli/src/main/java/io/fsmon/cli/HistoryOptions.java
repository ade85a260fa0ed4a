package io.fsmon.cli;

import io.fsmon.api.History;
import io.fsmon.api.OutputFormat;
import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import io.fsmon.history.TimeSpec;
import io.fsmon.log.CsvFormat;
import io.fsmon.log.EventFormat;
import io.fsmon.log.JsonLines;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The options {@code query} and {@code changes} share: the monitor's filters plus time, order and output. */
final class HistoryOptions implements Declared.Group {
    /** The monitor's filter options, the same here (-t defaults to every type recorded). */
    final FilterOptions filter = new FilterOptions();
    List<Glob> paths = new ArrayList<>();
    Glob ancestor;
    Instant since;
    Instant until;
    History.Sort sort;
    Integer limit;
    boolean reverse;
    EventFormat format;
    Path history;
    String host;

    @Override
    public void declare(CommandSpec spec) {
        filter.declare(spec);
        spec.addOption(Declared.option(() -> paths, v -> paths = v, "--path").paramLabel("GLOB")
                .type(List.class).auxiliaryTypes(Glob.class).converters(MonitorCommand.parsing(Glob::compile))
                .description("Only events whose path (or old path, for a rename) matches GLOB (repeatable: any of them).")
                .build());
        spec.addOption(Declared.option(() -> ancestor, v -> ancestor = v, "--ancestor").paramLabel("NAME")
                .type(Glob.class).converters(MonitorCommand.parsing(Glob::compile))
                .description("Only events whose recorded ancestry (monitor --chain) holds a process named NAME (a glob) "
                        + "or with pid NAME.").build());
        spec.addOption(Declared.option(() -> since, v -> since = v, "--since").paramLabel("TIME")
                .type(Instant.class).converters(MonitorCommand.parsing(TimeSpec::parse))
                .description("From TIME on (inclusive): 30m, 2h, 7d, '2026-05-01 10:00' (local), RFC 3339.").build());
        spec.addOption(Declared.option(() -> until, v -> until = v, "--until").paramLabel("TIME")
                .type(Instant.class).converters(MonitorCommand.parsing(TimeSpec::parse))
                .description("Before TIME (exclusive); same forms as --since.").build());
        spec.addOption(Declared.option(() -> sort, v -> sort = v, "--sort").paramLabel("KEY").type(History.Sort.class)
                .description("time (oldest first), size (largest first) or pid. Default: the order written, "
                        + "which is time order up to the writer's 5 s skew.").build());
        spec.addOption(Declared.option(() -> limit, v -> limit = v, "--limit").paramLabel("N").type(Integer.class)
                .description("At most N events (after sorting).").build());
        spec.addOption(Declared.option(() -> reverse, v -> reverse = v, "--reverse").type(boolean.class)
                .description("Reverse the order (with --limit: the last N).").build());
        spec.addOption(Declared.option(() -> format, v -> format = v, "-f", "--format").paramLabel("FORMAT")
                .type(EventFormat.class).converters(new MonitorCommand.FormatConverter()).defaultValue("human")
                .description("human, json or csv (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Declared.option(() -> history, v -> history = v, "--history").paramLabel("DIR").type(Path.class)
                .description("The history folder (default: $FSMON_HISTORY_DIR, else the config file's history_dir, "
                        + "else /var/lib/fsmon/history for root, ~/.local/state/fsmon/history for others).").build());
        spec.addOption(Declared.option(() -> host, v -> host = v, "--host").paramLabel("GLOB").type(String.class)
                .description("Read a central history (fsmon collect): only the hosts whose name matches GLOB, "
                        + "one after the other, each line saying its host.").build());
    }

    /**
     * The query these options describe, of {@code history}.
     *
     * @throws IllegalArgumentException for contradictions no single option shows (negative --limit)
     */
    History.Query query(History history) {
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative: " + limit);
        }
        History.Query q = history.query().since(since).until(until).reverse(reverse);
        Set<EventType> types = filter.types(null);
        if (types != null) {
            q.types(types.toArray(EventType[]::new));
        }
        filter.applyTo(q);
        paths.forEach(g -> q.path(g.pattern()));
        if (ancestor != null) {
            q.ancestor(ancestor.pattern());
        }
        if (sort != null) {
            q.sort(sort);
        }
        if (limit != null) {
            q.limit(limit);
        }
        return q;
    }

    /** The library's name of the chosen --format. */
    OutputFormat output() {
        return format instanceof JsonLines ? OutputFormat.JSON : format instanceof CsvFormat ? OutputFormat.CSV
                : OutputFormat.HUMAN;
    }
}
