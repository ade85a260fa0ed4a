package io.fsmon.history;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes test histories with JsonLines, the way the daemon does. */
final class Histories {
    private Histories() {
    }

    static FileEvent event(Instant t, EventType type, String path, int pid, String comm, long size) {
        return new FileEvent(t, type, path, null,
                new Actor(pid, null, 1, comm, comm + " " + path, "/usr/bin/" + comm, 1000, "alice", null, null, null),
                size, size);
    }

    static FileEvent event(String time, EventType type, String path) {
        return event(Instant.parse(time), type, path, 100, "touch", 1);
    }

    /** The JSON lines of the events, each ending in a newline. */
    static byte[] lines(List<FileEvent> events) throws IOException {
        JsonLines json = new JsonLines();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FileEvent e : events) {
            json.write(e, out);
        }
        return out.toByteArray();
    }

    static Path write(Path dir, LocalDate day, int seq, List<FileEvent> events) throws IOException {
        Files.createDirectories(dir);
        Path p = new HistoryLayout(dir).fileFor(day, seq, false);
        Files.write(p, lines(events), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return p;
    }

    static Path writeGz(Path dir, LocalDate day, int seq, List<FileEvent> events) throws IOException {
        Files.createDirectories(dir);
        Path p = new HistoryLayout(dir).fileFor(day, seq, true);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(lines(events));
        }
        return p;
    }

    static void append(Path file, String raw) throws IOException {
        Files.writeString(file, raw, StandardOpenOption.APPEND);
    }

    /** Runs a query and returns what it printed. */
    static List<FileEvent> run(Path dir, Query q) throws IOException {
        List<FileEvent> out = new ArrayList<>();
        new QueryEngine(new HistoryLayout(dir), 2).query(q, out::add);
        return out;
    }
}
