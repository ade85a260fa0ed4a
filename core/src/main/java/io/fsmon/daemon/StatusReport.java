package io.fsmon.daemon;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code status} and {@code list} answer, as protocol maps. {@code status} says whether the
 * daemon is {@code healthy} and, when it is not, lists its {@code problems} (one sentence each):
 * a watch that is not watched (or has directories it could not mark), a history that cannot be
 * written or read.
 */
final class StatusReport {
    private StatusReport() {
    }

    static Map<String, Object> of(Daemon d, ControlServer control) {
        Map<String, Object> m = Messages.ok();
        m.put("running", true);
        m.put("pid", ProcessHandle.current().pid());
        m.put("version", Build.CURRENT.version());
        m.put("commit", Build.CURRENT.commit());
        m.put("started", d.started().toString());
        m.put("uptime_seconds", Duration.between(d.started(), Instant.now()).toSeconds());
        List<Map<String, Object>> watches = watches(d);
        Map<String, Object> history = history(d);
        List<String> problems = problems(watches, history);
        m.put("healthy", problems.isEmpty());
        m.put("problems", problems);
        m.put("watches", watches);
        Map<String, Long> counters = d.counters();
        counters.put("monitor_restarts", d.monitorRestarts());
        counters.put("connections", (long) control.connections());
        counters.put("connections_refused", control.refused());
        m.put("counters", counters);
        m.put("history", history);
        m.put("rss_bytes", rss());
        m.put("socket", d.settings().locations().socket().toString());
        return m;
    }

    private static List<String> problems(List<Map<String, Object>> watches, Map<String, Object> history) {
        List<String> p = new ArrayList<>();
        for (Map<String, Object> w : watches) {
            if (w.get("error") != null) {
                p.add("not watched: " + w.get("path") + " (" + w.get("error") + ")");
            }
            if (w.get("unwatched_directories") instanceof Long n && n > 0) {
                p.add("partly watched: " + w.get("path") + " (" + n + " director" + (n == 1 ? "y" : "ies")
                        + " could not be marked, nothing under them is seen)");
            }
        }
        if (Boolean.TRUE.equals(history.get("failing"))) {
            p.add("the history cannot be written in " + history.get("dir") + " (events are held in memory, then dropped)");
        }
        if (history.get("error") != null) {
            p.add("the history cannot be read in " + history.get("dir") + ": " + history.get("error"));
        }
        return p;
    }

    static List<Map<String, Object>> watches(Daemon d) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WatchTable.Watch w : d.watches()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", w.spec().path());
            m.put("options", w.spec().describe());
            m.put("source", w.fromConfig() ? "config" : "added");
            m.put("spec", w.spec().toMap());
            if (w.monitor() != null) {
                m.put("marked", w.monitor().watching());
                m.put("events", w.monitor().stats().events());
                // Directories per-directory mode could not mark: nothing under them is seen.
                m.put("unwatched_directories", w.monitor().unwatchedDirectories());
            }
            m.put("error", w.error());
            m.put("restarts", (long) w.restarts());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> history(Daemon d) {
        Map<String, Object> m = new LinkedHashMap<>();
        HistoryLayout layout = new HistoryLayout(d.settings().locations().historyDir());
        m.put("dir", layout.dir().toString());
        Path current = d.writer().current();
        m.put("current", current == null ? null : current.toString());
        try {
            List<HistoryLayout.HistoryFile> files = layout.files();
            long bytes = 0;
            for (HistoryLayout.HistoryFile f : files) {
                bytes += Files.exists(f.path()) ? Files.size(f.path()) : 0;
            }
            m.put("files", (long) files.size());
            m.put("bytes", bytes);
            if (!files.isEmpty()) {
                m.put("first", edgeTime(files.getFirst().path(), true));
                m.put("last", edgeTime(files.getLast().path(), false));
            }
        } catch (IOException e) {
            m.put("error", e.getMessage());
        }
        m.put("dropped", d.writer().stats().dropped());
        m.put("failing", d.writer().stats().failing());
        return m;
    }

    /** The time of a file's first or last whole line (uncompressed files only), or null. */
    private static String edgeTime(Path p, boolean first) {
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
                    return e.time().toString();
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
