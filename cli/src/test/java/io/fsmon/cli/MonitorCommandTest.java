package io.fsmon.cli;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.log.JsonLines;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** fsmon monitor as a user runs it: a real process, real signals, its three formats, its exit codes. */
@KernelTest
class MonitorCommandTest {
    private static final Duration START = Duration.ofSeconds(30);
    private ScratchFs fs;
    private Path root;

    @BeforeEach
    void mount() throws Exception {
        Privileged.assumeRoot();
        fs = ScratchFs.mount();
        root = fs.root();
    }

    @AfterEach
    void unmount() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    /** -o FILE: events name every user's command lines, so the file is 0640 whatever the umask. */
    @Test
    void theOutputFileIsNotReadableByOthers() throws Exception {
        Path fresh = root.resolve("fresh.jsonl");
        Path loose = root.resolve("loose.jsonl");
        Files.writeString(loose, "");
        Files.setPosixFilePermissions(loose, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        for (Path out : List.of(fresh, loose)) {
            try (FsmonProcess p = FsmonProcess.start("monitor", root.toString(), "-o", out.toString())) {
                p.awaitErr("fsmon: watching", START);
                assertThat(p.terminate()).isZero();
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                        .as("%s", out).isEqualTo("rw-r-----");
                assertThat(p.stderr()).filteredOn(l -> l.contains("narrowed")).hasSize(out.equals(loose) ? 1 : 0);
            }
        }
    }

    @Test
    void jsonLinesOnStdoutSummaryOnStderrExitZeroOnSigterm() throws Exception {
        Path out = Files.createDirectories(root.resolve("log")).resolve("events.jsonl"); // -o creates no folder
        try (FsmonProcess p = FsmonProcess.start("monitor", root.toString(), "-r", "-f", "json", "-o", out.toString())) {
            assertThat(p.awaitErr("fsmon: watching", START)).contains(root.toString()).contains("filesystem mark");
            Shell.sh(root, "mkdir d && echo hello > d/f && mv d/f d/g");
            int rc = p.terminate();
            assertThat(rc).as("exit code; stderr: %s; stdout: %s", p.stderr(), rc == 0 ? "" : p.stdout()).isZero();
            String stdout = p.stdout();
            List<FileEvent> events = parse(stdout);
            assertThat(events).extracting(FileEvent::type, FileEvent::path).contains(
                    org.assertj.core.groups.Tuple.tuple(EventType.CREATE, root + "/d"),
                    org.assertj.core.groups.Tuple.tuple(EventType.CLOSE_WRITE, root + "/d/f"),
                    org.assertj.core.groups.Tuple.tuple(EventType.MOVED_TO, root + "/d/g"));
            // Keys in product.md's order.
            String line = stdout.lines().filter(l -> l.contains("\"MOVED_TO\"")).findFirst().orElseThrow();
            assertThat(line).matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z\",\"event_type\":\"MOVED_TO\","
                    + "\"path\":\"[^\"]+/d/g\",\"old_path\":\"[^\"]+/d/f\",\"pid\":\\d+.*\\}");
            // The -o file holds the same events, and fsmon's own writes to it (inside the watched tree) are not events.
            List<FileEvent> logged = parse(Files.readString(out));
            assertThat(logged).isEqualTo(events);
            assertThat(events).extracting(FileEvent::path).doesNotContain(out.toString());
            List<String> err = p.stderr();
            assertThat(err.getLast()).matches("fsmon: " + events.size() + " events, 0 overflows, \\d+ unresolved paths");
            assertThat(err).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
        }
    }

    @Test
    void watchingIsSaidOnlyOnceAnEventMadeAtOnceNamesItsProcess() throws Exception {
        // Before attribution was awaited, 9 of 12 such runs printed an event without comm.
        List<String> unnamed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (FsmonProcess p = FsmonProcess.start("monitor", root.toString(), "-f", "json", "-t", "create")) {
                p.awaitErr("fsmon: watching", START);
                String file = root + "/r" + i;
                String run = "run " + i + ": ";
                Shell.sh(root, "touch " + file);
                int rc = p.terminate();
                assertThat(rc).as("exit code; stderr: %s", p.stderr()).isZero();
                List<FileEvent> events = parse(p.stdout());
                assertThat(events).as("stderr: %s", p.stderr()).extracting(FileEvent::path).contains(file);
                events.stream().filter(e -> e.path().equals(file) && !"touch".equals(e.actor().comm()))
                        .forEach(e -> unnamed.add(run + e.actor()));
            }
        }
        assertThat(unnamed).isEmpty();
    }

    @Test
    void csvQuotesCommasQuotesAndNewlinesInNames() throws Exception {
        try (FsmonProcess p = FsmonProcess.start("monitor", root.toString(), "-f", "csv", "-t", "create")) {
            p.awaitErr("fsmon: watching", START);
            Shell.sh(root, "touch 'a,b' 'say \"hi\"' \"$(printf 'two\\nlines')\"");
            int rc = p.terminate();
            assertThat(rc).as("exit code; stderr: %s; stdout: %s", p.stderr(), rc == 0 ? "" : p.stdout()).isZero();
            String csv = p.stdout();
            assertThat(csv.lines().findFirst().orElseThrow()).startsWith("time,event_type,path,old_path,pid,");
            assertThat(csv).contains(",CREATE,\"" + root + "/a,b\",")
                    .contains(",CREATE,\"" + root + "/say \"\"hi\"\"\",")
                    .contains(",CREATE,\"" + root + "/two\nlines\",");
        }
    }

    @Test
    void humanLineNamesTypePathAndProcess() throws Exception {
        try (FsmonProcess p = FsmonProcess.start("monitor", root.toString(), "-t", "CREATE,moved_to")) {
            p.awaitErr("fsmon: watching", START);
            Shell.sh(root, "touch x && mv x y");
            int rc = p.terminate();
            assertThat(rc).as("exit code; stderr: %s; stdout: %s", p.stderr(), rc == 0 ? "" : p.stdout()).isZero();
            List<String> lines = p.stdout().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}] \\[CREATE] " + root + "/x \\(PID: \\d+, .*\\)");
            assertThat(lines.get(1)).contains("[MOVED_TO] " + root + "/x -> " + root + "/y");
        }
    }

    @Test
    void notPrivilegedIsExitThreeWithOneLine() throws Exception {
        // root without CAP_SYS_ADMIN: what fanotify_init refuses.
        try (FsmonProcess p = FsmonProcess.start(List.of("setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin"),
                "monitor", root.toString())) {
            assertThat(p.waitFor()).isEqualTo(ExitCode.NOT_PRIVILEGED);
            assertThat(p.stderr()).containsExactly("fsmon: fsmon needs root (CAP_SYS_ADMIN) to watch with fanotify: run it with sudo");
        }
    }

    @Test
    void notRootIsExitThreeWithOneLine() throws Exception {
        // A plain user: taskstats and the proc connector refuse it too, and their warnings must
        // not stand before the one line that says what to do.
        Path jail = Files.createTempDirectory("fsmon-nobody");
        try {
            Nobody.Run run = Nobody.run(Nobody.classPath(jail), "monitor", "/tmp");
            assertThat(run.code()).isEqualTo(ExitCode.NOT_PRIVILEGED);
            assertThat(run.err()).containsExactly("fsmon: fsmon needs root (CAP_SYS_ADMIN) to watch with fanotify: run it with sudo");
            assertThat(run.out()).isEmpty();
        } finally {
            Shell.run(List.of("rm", "-rf", jail.toString()));
        }
    }

    @Test
    void badInputGivesOneLineAndItsExitCode() throws Exception {
        assertExit(ExitCode.USAGE, "unknown event type 'bogus'", "monitor", root.toString(), "-t", "create,bogus");
        assertExit(ExitCode.USAGE, "invalid size '12XB'", "monitor", root.toString(), "-m", "12XB");
        assertExit(ExitCode.USAGE, "Unknown option: '--frobnicate'", "monitor", root.toString(), "--frobnicate");
        assertExit(ExitCode.USAGE, "Missing required parameter", "monitor");
        assertExit(ExitCode.PATH_NOT_FOUND, "no such file or directory: " + root + "/missing", "monitor", root + "/missing");
        Files.writeString(root.resolve("file"), "x");
        assertExit(ExitCode.OUTPUT_UNWRITABLE, "cannot write " + root + "/file/out.jsonl", "monitor", root.toString(),
                "-o", root + "/file/out.jsonl");
    }

    @Test
    void helpHasExamplesAndExitCodes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "monitor", "--help");
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: fsmon monitor").contains("Examples:")
                .contains("sudo fsmon monitor /etc -r").contains("Exit codes:");
    }

    private static void assertExit(int code, String message, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(rc).as("exit code of %s (stderr: %s)", List.of(args), e).isEqualTo(code);
        assertThat(e.lines().findFirst().orElseThrow()).startsWith("fsmon: ").contains(message);
        assertThat(e).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(e.lines().count()).isLessThanOrEqualTo(2); // the message, and for usage errors a hint
        assertThat(out.size()).isZero();
    }

    private static List<FileEvent> parse(String jsonl) throws Exception {
        JsonLines json = new JsonLines();
        List<FileEvent> out = new ArrayList<>();
        for (String l : jsonl.lines().toList()) {
            out.add(json.parse(l));
        }
        return out;
    }
}
