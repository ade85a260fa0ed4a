package io.fsmon.cli;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** query, changes and clean through Main.run: output, one-line errors, exit codes. */
class HistoryCommandsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void history() throws Exception {
        JsonLines json = new JsonLines();
        try (OutputStream o = Files.newOutputStream(new HistoryLayout(dir).fileFor(LocalDate.parse("2026-05-01"), 0, false))) {
            json.write(ev("2026-05-01T10:00:00Z", EventType.CREATE, "/etc/hosts", 10, 1L), o);
            json.write(ev("2026-05-01T10:30:00Z", EventType.CLOSE_WRITE, "/etc/hosts", 11, 300L), o);
            json.write(ev("2026-05-01T11:00:00Z", EventType.DELETE, "/tmp/junk", 12, null), o);
            json.write(FileEvent.overflow(Instant.parse("2026-05-01T10:45:00Z"), Instant.parse("2026-05-01T10:44:00Z")), o);
        }
        try (OutputStream o = Files.newOutputStream(new HistoryLayout(dir).fileFor(LocalDate.parse("2026-05-02"), 0, false))) {
            json.write(ev("2026-05-02T09:00:00Z", EventType.ATTRIB, "/etc/hosts", 13, 300L), o);
            o.write("{broken\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static FileEvent ev(String t, EventType type, String path, int pid, Long size) {
        return new FileEvent(Instant.parse(t), type, path, null,
                new Actor(pid, null, 1, "vi", "vi " + path, null, 0, "root", null, null, null), size, null);
    }

    private int run(String... args) {
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void queryPrintsJsonLinesAndWarnsOnStderr() throws Exception {
        int rc = run("query", "--history", dir.toString(), "--path", "/etc/**", "-f", "json",
                "--since", "2026-05-01T10:15:00Z", "--until", "2026-05-02T10:00:00Z");
        assertThat(rc).as(err()).isZero();
        List<FileEvent> events = out().lines().map(l -> {
            try {
                return new JsonLines().parse(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(events).extracting(FileEvent::type)
                .containsExactly(EventType.CLOSE_WRITE, EventType.OVERFLOW, EventType.ATTRIB);
        assertThat(err()).contains("fsmon: results may be incomplete between 2026-05-01T10:44:00Z and 2026-05-01T10:45:00Z (kernel queue overflow)");
    }

    @Test
    void malformedLinesAreReportedPerFile() {
        assertThat(run("query", "--history", dir.toString())).isZero();
        assertThat(out().lines().toList()).hasSize(5);
        assertThat(err()).contains("fsmon: skipped 1 malformed line in events-2026-05-02-000.jsonl\n");
    }

    @Test
    void querySortLimitCsv() {
        assertThat(run("query", "--history", dir.toString(), "-t", "create,close_write,attrib,delete",
                "--sort", "size", "--limit", "1", "-f", "csv")).isZero();
        assertThat(out().lines().toList()).hasSize(2).last().asString().contains("CLOSE_WRITE");
    }

    @Test
    void changesShowsTheLastEventPerPath() {
        assertThat(run("changes", "--history", dir.toString(), "-f", "human")).isZero();
        assertThat(out().lines().toList()).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("[DELETE] /tmp/junk"))
                .anySatisfy(l -> assertThat(l).contains("[ATTRIB] /etc/hosts"));
    }

    /** Issue #16 case 9: FSMON_HISTORY_DIR, as the daemon and the README name it; the old name with a note. */
    @Test
    void environmentVariableNamesTheFolderWhenNoOptionDoes() throws Exception {
        PrintStream note = new PrintStream(err, true, StandardCharsets.UTF_8);
        java.util.Map<String, String> env = java.util.Map.of("FSMON_HISTORY_DIR", "/x/y",
                "FSMON_CONFIG", dir.resolve("none.toml").toString());
        Files.writeString(dir.resolve("none.toml"), "");
        assertThat(HistoryDir.resolve(null, env, note)).isEqualTo(Path.of("/x/y"));
        assertThat(HistoryDir.resolve(Path.of("/o"), env, note)).isEqualTo(Path.of("/o"));
        assertThat(err()).isEmpty();
        assertThat(HistoryDir.resolve(null, java.util.Map.of("FSMON_HISTORY", "/x/z"), note)).isEqualTo(Path.of("/x/z"));
        assertThat(err()).isEqualTo("fsmon: $FSMON_HISTORY is deprecated; set $FSMON_HISTORY_DIR (as the daemon reads it) instead\n");
        // the config file's history_dir, as the daemon would write there
        Files.writeString(dir.resolve("c.toml"), "history_dir = \"/srv/h\"\n");
        assertThat(HistoryDir.resolve(null, java.util.Map.of("FSMON_CONFIG", dir.resolve("c.toml").toString()), note))
                .isEqualTo(Path.of("/srv/h"));
    }

    @Test
    void aQueryThatMatchesNothingSaysWhichFolderItSearched() {
        assertThat(run("query", "--history", dir.toString(), "--since", "2030-01-01T00:00:00Z")).isZero();
        assertThat(out()).isEmpty();
        assertThat(err().lines().toList()).last().isEqualTo("fsmon: no events matched in " + dir);
        err.reset();
        assertThat(run("query", "--history", dir.toString(), "--path", "/etc/**")).isZero();
        assertThat(err()).doesNotContain("no events matched");
    }

    @Test
    void badInputIsOneLineAndAnExitCode() {
        assertError(ExitCode.USAGE, "invalid time 'yesterday'", "query", "--history", dir.toString(), "--since", "yesterday");
        assertError(ExitCode.USAGE, "invalid size '12 parsecs'", "query", "--history", dir.toString(), "-m", "12 parsecs");
        assertError(ExitCode.USAGE, "Unknown option: '--frobnicate'", "changes", "--frobnicate");
        assertError(ExitCode.USAGE, "must be before --until", "query", "--history", dir.toString(),
                "--since", "2026-05-02", "--until", "2026-05-01");
        assertError(ExitCode.USAGE, "--limit must not be negative", "query", "--history", dir.toString(), "--limit", "-1");
        assertError(ExitCode.USAGE, "unknown event type 'bogus'", "query", "--history", dir.toString(), "-t", "bogus");
        assertError(ExitCode.USAGE, "Invalid value for option '--sort'", "query", "--history", dir.toString(), "--sort", "color");
        assertError(ExitCode.HISTORY_NOT_FOUND, "no history at " + dir.resolve("nope"), "query", "--history", dir.resolve("nope").toString());
        assertError(ExitCode.HISTORY_NOT_FOUND, "no history at", "clean", "--history", dir.resolve("nope").toString(), "--keep-days", "3");
        assertError(ExitCode.USAGE, "say what to clean", "clean", "--history", dir.toString());
        assertError(ExitCode.USAGE, "invalid size", "clean", "--history", dir.toString(), "--max-size", "lots");
        // issue #16 case 9
        assertError(ExitCode.USAGE, "an empty path names nothing", "query", "--history", "");
        assertError(ExitCode.USAGE, "an empty path names nothing", "changes", "--history", "");
        assertError(ExitCode.USAGE, "an empty path names nothing", "clean", "--history", "", "--keep-days", "3");
        assertError(ExitCode.USAGE, "no such user: 'nosuchuser-fsmon'", "query", "--history", dir.toString(),
                "--user", "root,nosuchuser-fsmon");
    }

    private void assertError(int code, String message, String... args) {
        out.reset();
        err.reset();
        int rc = run(args);
        assertThat(rc).as("exit code of %s; stderr %s", List.of(args), err()).isEqualTo(code);
        String first = err().lines().findFirst().orElse("");
        assertThat(first).startsWith("fsmon: ").contains(message);
        assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out()).isEmpty();
    }

    @Test
    void cleanDryRunThenForReal() throws Exception {
        assertThat(run("clean", "--history", dir.toString(), "--max-size", "1", "--dry-run")).isZero();
        assertThat(out()).contains("would remove events-2026-05-01-000.jsonl").contains("nothing was changed");
        assertThat(Files.exists(dir.resolve("events-2026-05-01-000.jsonl"))).isTrue();
        out.reset();
        assertThat(run("clean", "--history", dir.toString(), "--max-size", "1")).isZero();
        assertThat(out()).contains("removed events-2026-05-01-000.jsonl").contains("fsmon clean: removed 1 of 2 files");
        assertThat(Files.exists(dir.resolve("events-2026-05-01-000.jsonl"))).isFalse();
        assertThat(Files.exists(dir.resolve("events-2026-05-02-000.jsonl"))).isTrue();
    }

    @Test
    void cleanKeepsWhatTheDaemonHasNotShippedAndSaysSo() throws Exception {
        Files.writeString(dir.resolve(".ship-unsent"), "events-2026-05-01-000\n");
        assertThat(run("clean", "--history", dir.toString(), "--max-size", "1")).isZero();
        assertThat(out()).contains("kept events-2026-05-01-000.jsonl").contains("not shipped yet")
                .contains("fsmon clean: removed 0 of 2 files").contains("kept 1 not shipped yet");
        assertThat(Files.exists(dir.resolve("events-2026-05-01-000.jsonl"))).isTrue();
    }

    @Test
    void helpHasExamples() {
        assertThat(run("query", "--help")).isZero();
        assertThat(out()).contains("Examples:").contains("--since").contains("--ancestor");
        out.reset();
        assertThat(run("clean", "--help")).isZero();
        assertThat(out()).contains("Examples:").contains("--keep-days");
    }
}
