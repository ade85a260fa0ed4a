package io.fsmon.daemon;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code status} answers: whether the daemon is {@code healthy} and, when it is not, its
 * {@code problems} (one sentence each): a watch that is not watched (or has directories it could
 * not mark), a history that cannot be written or read. A member that may be absent is null.
 *
 * @param commit        the build's commit, or null (an older daemon does not say)
 * @param healthy       false when there are problems (an older daemon that does not say is taken at its word)
 * @param rssBytes      the daemon's resident memory, or null when unknown
 * @param socket        the control socket's path
 * @param ship          the shipper's state and lag, or null when the history is not shipped
 */
public record StatusReport(long pid, String version, String commit, Instant started, long uptimeSeconds,
                           boolean healthy, List<String> problems, List<WatchStatus> watches, Counters counters,
                           HistoryStatus history, Long rssBytes, String socket, ShipStatus ship) implements Reply {

    public StatusReport {
        problems = List.copyOf(problems);
        watches = List.copyOf(watches);
    }

    /**
     * One watch as the daemon runs it.
     *
     * @param options              the watch in {@code fsmon add}'s words ({@link WatchSpec#describe()})
     * @param fromConfig           from the config file (else added with {@code fsmon add})
     * @param marked               the monitor's "watching ..." lines, or null when no monitor runs
     * @param events               events its monitor delivered, or null when none runs
     * @param unwatchedDirectories directories it could not mark, or null when no monitor runs
     * @param error                why it is not watched, or null
     */
    public record WatchStatus(String path, String options, boolean fromConfig, WatchSpec spec, List<String> marked,
                              Long events, Long unwatchedDirectories, String error, long restarts) {
        public WatchStatus {
            marked = marked == null ? null : List.copyOf(marked);
        }
    }

    /**
     * The daemon's counters since it started.
     *
     * @param byType events by type, only types seen, in the order of {@link EventType}
     */
    public record Counters(long events, long overflows, long unresolved, long droppedToSubscribers,
                           long historyDropped, long historyRecreated, long subscribers, Map<EventType, Long> byType,
                           long monitorRestarts, long connections, long connectionsRefused) {
        public Counters {
            Map<EventType, Long> m = new EnumMap<>(EventType.class);
            m.putAll(byType);
            byType = Collections.unmodifiableMap(m);
        }
    }

    /**
     * The history's folder and files.
     *
     * @param current the file being written, or null
     * @param files   files in the folder, or null when it cannot be listed (then {@code error} says why)
     * @param bytes   their size together, or null likewise
     * @param first   the first event's time, or null (no files, or the first is compressed)
     * @param last    the last event's time, or null likewise
     * @param dropped events the writer dropped (disk full)
     * @param failing writes fail now
     */
    public record HistoryStatus(String dir, String current, Long files, Long bytes, Instant first, Instant last,
                                String error, long dropped, boolean failing) {
    }

    /**
     * The shipper's state ({@code [ship]}): where it ships, whether the broker acknowledges, how far
     * behind it is.
     *
     * @param state           {@code connecting}, {@code connected} or {@code unreachable}
     * @param since           since when it is unreachable, or null
     * @param error           why, in one line, or null
     * @param lagEvents       history lines not yet acknowledged
     * @param lagBytes        bytes of them
     * @param oldestUnsent    the time of the first of them, or null when all is sent
     * @param shipped         lines acknowledged since the daemon started
     * @param cutCommands     of them, lines whose command line was cut to fit a record (the history keeps it whole)
     * @param lostToRetention unsent events retention deleted (max_size) whose GAP is not yet sent, or null
     */
    public record ShipStatus(String target, String host, String state, Instant since, String error, long lagEvents,
                             long lagBytes, Instant oldestUnsent, long shipped, long skippedTornLines,
                             long cutCommands, Long lostToRetention) {
    }

    static StatusReport of(Daemon d) {
        List<WatchStatus> watches = watches(d);
        HistoryStatus history = history(d);
        List<String> problems = problems(watches, history);
        return new StatusReport(ProcessHandle.current().pid(), Build.CURRENT.version(), Build.CURRENT.commit(),
                d.started(), Duration.between(d.started(), Instant.now()).toSeconds(), problems.isEmpty(), problems,
                watches, d.counters(), history, rss(), d.settings().locations().socket().toString(), d.shipStatus());
    }

    private static List<String> problems(List<WatchStatus> watches, HistoryStatus history) {
        List<String> p = new ArrayList<>();
        for (WatchStatus w : watches) {
            if (w.error() != null) {
                p.add("not watched: " + w.path() + " (" + w.error() + ")");
            }
            if (w.unwatchedDirectories() != null && w.unwatchedDirectories() > 0) {
                long n = w.unwatchedDirectories();
                p.add("partly watched: " + w.path() + " (" + n + " director" + (n == 1 ? "y" : "ies")
                        + " could not be marked, nothing under them is seen)");
            }
        }
        if (history.failing()) {
            p.add("the history cannot be written in " + history.dir() + " (events are held in memory, then dropped)");
        }
        if (history.error() != null) {
            p.add("the history cannot be read in " + history.dir() + ": " + history.error());
        }
        return p;
    }

    static List<WatchStatus> watches(Daemon d) {
        List<WatchStatus> out = new ArrayList<>();
        for (WatchTable.Watch w : d.watches()) {
            boolean running = w.monitor() != null;
            out.add(new WatchStatus(w.spec().path(), w.spec().describe(), w.fromConfig(), w.spec(),
                    running ? w.monitor().watching() : null,
                    running ? w.monitor().stats().events() : null,
                    // Directories per-directory mode could not mark: nothing under them is seen.
                    running ? w.monitor().unwatchedDirectories() : null,
                    w.error(), w.restarts()));
        }
        return out;
    }

    private static HistoryStatus history(Daemon d) {
        HistoryLayout layout = new HistoryLayout(d.settings().locations().historyDir());
        Path current = d.writer().current();
        Long files = null;
        Long bytes = null;
        Instant first = null;
        Instant last = null;
        String error = null;
        try {
            List<HistoryLayout.HistoryFile> all = layout.files();
            long sum = 0;
            for (HistoryLayout.HistoryFile f : all) {
                sum += Files.exists(f.path()) ? Files.size(f.path()) : 0;
            }
            files = (long) all.size();
            bytes = sum;
            if (!all.isEmpty()) {
                first = edgeTime(all.getFirst().path(), true);
                last = edgeTime(all.getLast().path(), false);
            }
        } catch (IOException e) {
            error = e.getMessage();
        }
        return new HistoryStatus(layout.dir().toString(), current == null ? null : current.toString(), files, bytes,
                first, last, error, d.writer().stats().dropped(), d.writer().stats().failing());
    }

    /** The time of a file's first or last whole line (uncompressed files only), or null. */
    private static Instant edgeTime(Path p, boolean first) {
        if (p.toString().endsWith(".gz")) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 64 * 1024);
            byte[] buf = new byte[n];
            f.seek(first ? 0 : len - n);
            f.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\n");
            JsonLines json = new JsonLines();
            for (int i = 0; i < lines.length; i++) {
                String l = lines[first ? i : lines.length - 1 - i];
                try {
                    FileEvent e = json.parse(l);
                    return e.time();
                } catch (MalformedLineException ignored) {
                    // a partial line at the window's edge
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static Long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
