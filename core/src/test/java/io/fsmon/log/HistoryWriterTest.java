package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.Shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryWriterTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private final List<String> diagnostics = new ArrayList<>();

    static FileEvent event(Instant t, String path) {
        return new FileEvent(t, EventType.CREATE, path, null, null, null, null);
    }

    static List<FileEvent> read(HistoryLayout layout) throws IOException {
        JsonLines json = new JsonLines();
        List<FileEvent> out = new ArrayList<>();
        for (HistoryLayout.HistoryFile f : layout.files()) {
            for (String l : Files.readAllLines(f.path())) {
                try {
                    out.add(json.parse(l));
                } catch (MalformedLineException e) {
                    throw new AssertionError("malformed line in " + f.path() + ": " + l, e);
                }
            }
        }
        return out;
    }

    @Test
    void writesEachBatchAtOnceAndRotatesByDayAndSize(@TempDir Path dir) throws IOException {
        HistoryLayout layout = new HistoryLayout(dir);
        try (HistoryWriter w = new HistoryWriter(layout, 1000, 1 << 20, diagnostics::add)) {
            w.accept(event(T, "/a"));
            w.flush();
            assertThat(read(layout)).extracting(FileEvent::path).containsExactly("/a");
            for (int i = 0; i < 30; i++) {
                w.accept(event(T.plusSeconds(i), "/file-number-" + i));
                w.flush();
            }
            w.accept(event(T.plusSeconds(86400), "/tomorrow"));
            w.flush();
        }
        List<HistoryLayout.HistoryFile> files = layout.files();
        assertThat(files).extracting(HistoryLayout.HistoryFile::day).contains(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-26"));
        assertThat(files.stream().filter(f -> f.day().equals(LocalDate.parse("2026-11-25")))).hasSizeGreaterThan(1);
        assertThat(read(layout)).hasSize(32).last().extracting(FileEvent::path).isEqualTo("/tomorrow");
    }

    @Test
    void recreatesAFileDeletedOrMovedAway(@TempDir Path dir) throws IOException {
        HistoryLayout layout = new HistoryLayout(dir);
        try (HistoryWriter w = new HistoryWriter(layout, 1 << 20, 1 << 20, diagnostics::add)) {
            w.accept(event(T, "/a"));
            w.flush();
            Path f = w.current();
            Files.delete(f);
            w.accept(event(T, "/b"));
            w.flush();
            Files.move(f, dir.resolve("elsewhere"));
            w.accept(event(T, "/c"));
            w.flush();
            assertThat(w.stats().recreated()).isEqualTo(2);
        }
        assertThat(read(layout)).extracting(FileEvent::path).containsExactly("/c");
        assertThat(diagnostics).anyMatch(l -> l.contains("deleted or moved away"));
    }

    @Test
    void endsATornLastLineBeforeAppending(@TempDir Path dir) throws IOException {
        HistoryLayout layout = new HistoryLayout(dir);
        Files.writeString(layout.fileFor(LocalDate.parse("2026-11-25"), 0, false), "{\"time\":\"2026-11-25T09:");
        try (HistoryWriter w = new HistoryWriter(layout, 1 << 20, 1 << 20, diagnostics::add)) {
            w.accept(event(T, "/a"));
        }
        List<String> lines = Files.readAllLines(layout.files().getFirst().path());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"/a\"");
    }

    @Test
    void retentionDeletesOldFilesThenOldestOverTheSizeButNeverTheCurrentOne(@TempDir Path dir) throws IOException {
        HistoryLayout layout = new HistoryLayout(dir);
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        Files.writeString(layout.fileFor(LocalDate.parse("2026-11-10"), 0, false), "x".repeat(100));
        Files.writeString(layout.fileFor(LocalDate.parse("2026-11-23"), 0, false), "x".repeat(100));
        Files.writeString(layout.fileFor(LocalDate.parse("2026-11-24"), 0, false), "x".repeat(100));
        try (HistoryWriter w = new HistoryWriter(layout, 1 << 20, 1 << 20, diagnostics::add)) {
            w.accept(event(now, "/a"));
            w.flush();
            assertThat(w.applyRetention(7, 0, now)).extracting(p -> p.getFileName().toString())
                    .containsExactly("events-2026-11-10-000.jsonl");
            assertThat(w.applyRetention(0, 150, now)).extracting(p -> p.getFileName().toString())
                    .containsExactly("events-2026-11-23-000.jsonl", "events-2026-11-24-000.jsonl");
            assertThat(w.applyRetention(0, 1, now)).isEmpty();
            assertThat(w.current()).exists();
        }
    }

    /** A real full disk: a 1 MiB tmpfs filled up by a hog file. */
    @KernelTest
    @Test
    void aFullDiskKeepsABoundedBufferAndWritesAGapWhenWritingResumes() throws Exception {
        Privileged.assumeRoot();
        Path dir = Files.createTempDirectory("fsmon-full-");
        Shell.run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "fsmon-full", dir.toString()));
        try {
            HistoryLayout layout = new HistoryLayout(dir.resolve("history"));
            try (HistoryWriter w = new HistoryWriter(layout, 1 << 30, 20_000, diagnostics::add)) {
                w.accept(event(T, "/before"));
                w.flush();
                Path hog = dir.resolve("hog");
                Shell.sh(dir, "dd if=/dev/zero of=hog bs=4k count=1000 2>/dev/null || true");
                for (int i = 0; i < 2000; i++) {
                    w.accept(event(T.plusMillis(i), "/during-" + "x".repeat(200) + i));
                    w.flush();
                }
                assertThat(w.stats().failing()).isTrue();
                long dropped = w.stats().dropped();
                assertThat(dropped).isGreaterThan(0);
                Files.delete(hog);
                w.tick();
                assertThat(w.stats().failing()).isFalse();
                w.accept(event(T.plusSeconds(10), "/after"));
                w.flush();
                List<FileEvent> events = read(layout);
                FileEvent gap = events.stream().filter(e -> e.type() == EventType.GAP).findFirst().orElseThrow();
                assertThat(gap.dropped()).isEqualTo(dropped);
                assertThat(gap.since()).isNotNull();
                assertThat(gap.until()).isAfterOrEqualTo(gap.since());
                // every event is either in the file or counted in the gap
                long written = events.stream().filter(e -> e.path() != null && e.path().startsWith("/during-")).count();
                assertThat(written + dropped).isEqualTo(2000);
                assertThat(events.getFirst().path()).isEqualTo("/before");
                assertThat(events.getLast().path()).isEqualTo("/after");
            }
        } finally {
            Shell.run(List.of("umount", "-l", dir.toString()));
            Files.deleteIfExists(dir);
        }
    }
}
