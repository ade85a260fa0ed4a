package io.fsmon.cli;

import io.fsmon.filter.Sizes;
import io.fsmon.history.Retention;
import io.fsmon.log.HistoryLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code fsmon clean}: retention by hand. */
@Command(name = "clean", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Remove old history files, oldest first, whole files only. Never touches the newest file "
                + "(the one the daemon writes), so it is safe while the daemon runs, nor a file the daemon's "
                + "shipper ([ship]) has not sent yet.",
        footer = {"", "Examples:",
                "  sudo fsmon clean --keep-days 30 --dry-run     what would a 30-day retention remove?",
                "  sudo fsmon clean --max-size 2GB               remove the oldest files until the history fits in 2 GiB",
                "  sudo fsmon clean --keep-days 90 --compress    drop what is older than 90 days, gzip the rest",
                "", ExitCode.HELP})
final class CleanCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--keep-days", paramLabel = "N", description = "Remove files whose every event is older than N days.")
    Integer keepDays;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = MonitorCommand.SizeConverter.class,
            description = "Then remove the oldest files until the history is at most SIZE (100MB, 2GB ...).")
    Long maxSize;

    @Option(names = "--compress", description = "Gzip the files that remain, except the newest (read transparently by query).")
    boolean compress;

    @Option(names = {"-n", "--dry-run"}, description = "Only say what would be done.")
    boolean dryRun;

    @Option(names = "--history", paramLabel = "DIR", description = "The history folder (default as for 'fsmon query').")
    Path history;

    @Option(names = "--host", paramLabel = "GLOB", description = "Clean a central history (fsmon collect): each host "
            + "folder whose name matches GLOB, with the limits applied to each host.")
    String host;

    CleanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (keepDays == null && maxSize == null && !compress) {
            err.println("fsmon: say what to clean: --keep-days N, --max-size SIZE and/or --compress");
            return ExitCode.USAGE;
        }
        if (keepDays != null && keepDays < 0) {
            err.println("fsmon: --keep-days must not be negative: " + keepDays);
            return ExitCode.USAGE;
        }
        Path dir;
        try {
            dir = HistoryDir.resolve(history, System.getenv(), err);
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
        String problem = HistoryDir.problem(dir);
        if (problem != null) {
            err.println("fsmon: " + problem);
            return ExitCode.HISTORY_NOT_FOUND;
        }
        if (host == null) {
            return clean(dir, "");
        }
        java.util.List<String> hosts;
        try {
            hosts = io.fsmon.api.History.open(dir).hosts(host);
        } catch (io.fsmon.api.HistoryNotFoundException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.HISTORY_NOT_FOUND;
        } catch (IllegalArgumentException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            err.println("fsmon: cannot read " + dir + ": " + MonitorCommand.reason(e));
            return ExitCode.FAILURE;
        }
        for (String h : hosts) {
            int rc = clean(dir.resolve(h), h + ": ");
            if (rc != ExitCode.OK) {
                return rc;
            }
        }
        return ExitCode.OK;
    }

    private static String kept(Retention.Plan plan) {
        return plan.kept().isEmpty() ? "" : ", kept " + plan.kept().size() + " not shipped yet";
    }

    private int clean(Path dir, String label) {
        Retention retention = new Retention(new HistoryLayout(dir));
        try {
            Retention.Plan plan = retention.plan(keepDays, maxSize, compress, Instant.now());
            String verb = dryRun ? "would remove " : "removed ";
            for (Retention.Entry e : plan.remove()) {
                out.println(label + verb + e.file().path().getFileName() + " (" + Sizes.human(e.size()) + ", " + e.why() + ")");
            }
            for (Retention.Entry e : plan.kept()) {
                out.println(label + "kept " + e.file().path().getFileName() + " (" + Sizes.human(e.size()) + ", "
                        + e.why() + ": the daemon's shipper has not sent all of it)");
            }
            for (Retention.Entry e : plan.compress()) {
                out.println(label + (dryRun ? "would compress " : "compressing ") + e.file().path().getFileName()
                        + " (" + Sizes.human(e.size()) + ")");
            }
            if (dryRun) {
                out.println(label + "fsmon clean: would remove " + plan.remove().size() + " of " + plan.filesBefore() + " files ("
                        + Sizes.human(plan.bytesBefore() - plan.bytesAfterRemoval()) + "), leaving "
                        + Sizes.human(plan.bytesAfterRemoval()) + kept(plan) + "; nothing was changed");
                return ExitCode.OK;
            }
            Retention.Result r = retention.apply(plan);
            StringBuilder sb = new StringBuilder("fsmon clean: removed ").append(r.removed()).append(" of ")
                    .append(plan.filesBefore()).append(" files (").append(Sizes.human(r.freed())).append(')');
            if (r.compressed() > 0) {
                sb.append(", compressed ").append(r.compressed()).append(" (").append(Sizes.human(r.compressedFrom()))
                        .append(" -> ").append(Sizes.human(r.compressedTo())).append(')');
            }
            sb.append(kept(plan)).append("; history now ").append(Sizes.human(plan.bytesAfterRemoval() - r.compressedFrom() + r.compressedTo()));
            out.println(label + sb);
            return ExitCode.OK;
        } catch (IOException e) {
            err.println("fsmon: cannot clean " + dir + ": " + MonitorCommand.reason(e));
            return ExitCode.FAILURE;
        }
    }
}
