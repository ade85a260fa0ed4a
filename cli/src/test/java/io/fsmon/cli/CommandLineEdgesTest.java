package io.fsmon.cli;

import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 case 9 through Main.run: bad command-line input is one line and its exit code before
 * anything is watched. Each monitor case also names a path that does not exist, so that the code
 * before the fix ends (exit 5) instead of watching.
 */
class CommandLineEdgesTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneLine(int code, String message, String... args) {
        int rc = run(args);
        assertThat(rc).as("exit code of %s; stderr %s", List.of(args), err()).isEqualTo(code);
        assertThat(err().lines().findFirst().orElse("")).startsWith("fsmon: ").contains(message);
        assertThat(err().lines().count()).as(err()).isLessThanOrEqualTo(2); // the line, and "Try ... --help"
        assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void outputInAMissingFolderIsAnErrorAndCreatesNothing() {
        Path missing = dir.resolve("no/such/dir");
        assertOneLine(ExitCode.OUTPUT_UNWRITABLE, "cannot write " + missing.resolve("f") + ": no such directory",
                "monitor", dir.resolve("not-here").toString(), "-o", missing.resolve("f").toString());
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @KernelTest
    @Test
    void outputThatKeepsNothingIsRefusedBeforeWatching() {
        Privileged.assumeRoot(); // as root /proc/version opens for writing, and only the writes fail
        assertOneLine(ExitCode.OUTPUT_UNWRITABLE, "cannot write /proc/version: it keeps nothing written",
                "monitor", dir.resolve("not-here").toString(), "-o", "/proc/version");
    }

    @Test
    void anEmptyPathIsAUsageError() {
        assertOneLine(ExitCode.USAGE, "an empty path names nothing", "monitor", "", dir.resolve("not-here").toString());
        assertOneLine(ExitCode.USAGE, "an empty path names nothing", "monitor", dir.resolve("not-here").toString(), "-o", "");
        assertOneLine(ExitCode.USAGE, "an empty path names nothing", "add", "", "--runtime-dir", dir.toString());
    }

    @Test
    void anUnknownUserIsAUsageError() {
        String[][] commands = {
                {"monitor", dir.resolve("not-here").toString()},
                {"add", "/tmp", "--runtime-dir", dir.toString()},
                {"tail", "--runtime-dir", dir.toString()},
                {"query", "--history", dir.toString()},
        };
        for (String[] c : commands) {
            List<String> args = new ArrayList<>(List.of(c));
            args.addAll(List.of("--user", "nosuchuser-fsmon"));
            assertOneLine(ExitCode.USAGE, "no such user: 'nosuchuser-fsmon'", args.toArray(String[]::new));
        }
        // names the user database knows, and uids, are taken
        assertThat(run("query", "--history", dir.toString(), "--user", "root,0,4242")).as(err()).isZero();
    }

    /** The command list of {@code fsmon --help} gives each command's whole first sentence(s), never a cut one. */
    @Test
    void topLevelHelpDescribesEachCommandInWholeSentences() {
        assertThat(run("--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        String commands = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length(), help.indexOf("\n\n",
                help.indexOf("Commands:\n")));
        Matcher m = Pattern.compile("(?m)^  (\\S+)\\s+(.*(?:\\n {4,}.*)*)").matcher(commands);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String text = m.group(2).replaceAll("\\s+", " ").strip();
            seen.add(m.group(1));
            assertThat(text).as("fsmon --help on %s", m.group(1)).endsWith(".");
        }
        assertThat(seen).containsAll(List.of("monitor", "changes", "clean", "service", "tail"));
    }

    @KernelTest
    @Test
    void tailStopsWithExitZeroOnSigintAndSigterm() throws Exception {
        Privileged.assumeRoot();
        try (DaemonHarness h = new DaemonHarness(dir, "")) {
            h.start();
            for (String signal : List.of("TERM", "INT")) {
                try (FsmonProcess tail = FsmonProcess.start("tail", "--runtime-dir", h.runtime.toString())) {
                    DaemonEndToEndTest.awaitSubscribers(h, 1);
                    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(tail.pid())).inheritIO().start();
                    assertThat(kill.waitFor()).isZero();
                    assertThat(tail.waitFor()).as("tail's exit code on SIG%s; stderr %s", signal, tail.stderr()).isZero();
                    assertThat(tail.stderr()).as(signal).noneMatch(l -> l.contains("closed the stream"));
                }
                awaitNoSubscriber(h);
            }
            h.stopGracefully();
        }
    }

    private static void awaitNoSubscriber(DaemonHarness h) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (((Number) ((java.util.Map<?, ?>) DaemonEndToEndTest.json(h.run("status", "-f", "json")).get("counters"))
                .get("subscribers")).longValue() > 0) {
            assertThat(System.nanoTime()).as("tail unsubscribed").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Issue #16 case 8 as the user meets it: {@code fsmon daemon} with a bad config says one line, exit 2. */
    @KernelTest
    @Test
    void aBadConfigIsOneLineNamingFileAndLine() throws Exception {
        Privileged.assumeRoot(); // the daemon command refuses other users before it reads the config
        Path config = dir.resolve("fsmon.toml");
        String[][] cases = {
                {"keep_days = 1\ngroup = \"nosuchgroup-fsmon\"\n", "line 2: group 'nosuchgroup-fsmon' does not exist"},
                {"watches = [\n  { path = \"/etc\", recursive = \"yes\" },\n]\n", "line 2: recursive must be true or false"},
                {"x = " + "[".repeat(5000) + "]".repeat(5000), "line 1: arrays and tables nested deeper than 32 levels"},
                {"group = \"abc\\", "line 1: unterminated string (it ends with a backslash)"},
                {"[ship]\nkafka = \"127.0.0.1:1\"\n\"max.in.flight.requests.per.connection\" = 5\n",
                        "line 3: [ship] cannot set the client property 'max.in.flight.requests.per.connection': one "
                                + "request at a time keeps each host's lines in order"},
        };
        for (String[] c : cases) {
            Files.writeString(config, c[0]);
            assertOneLine(ExitCode.USAGE, config + ": " + c[1], "daemon", "--config", config.toString(),
                    "--runtime-dir", dir.resolve("run").toString(), "--state-dir", dir.resolve("state").toString(),
                    "--history", dir.resolve("history").toString());
        }
        Files.write(config, new byte[] {'g', ' ', '=', ' ', '"', (byte) 0xe9, '"'});
        assertOneLine(ExitCode.USAGE, config + ": line 1: not UTF-8 text", "daemon", "--config", config.toString(),
                "--runtime-dir", dir.resolve("run").toString());
        assertThat(dir.resolve("run")).doesNotExist();
    }

    /** {@code collect --property} may not change what exactly-once rests on: one line, exit 2. */
    @Test
    void aCollectorPropertyThatBreaksExactlyOnceIsOneLine() {
        assertOneLine(ExitCode.USAGE, "fsmon: collect: cannot set the client property 'enable.auto.commit': offsets are "
                + "committed only after the lines are written and synced", "collect", "--kafka", "127.0.0.1:1",
                "--history", dir.resolve("central").toString(), "--property", "enable.auto.commit=true");
    }

    /** A client reads the config for the socket's place: a broken one is said, not skipped for the default socket. */
    @Test
    void clientsSayABrokenConfigToo() throws Exception {
        Path config = dir.resolve("fsmon.toml");
        Files.writeString(config, "runtime_dir = \"/run/elsewhere\"\nkeep_days = \"soon\"\n");
        for (String command : List.of("status", "list", "tail", "stop")) {
            assertOneLine(ExitCode.USAGE, config + ": line 2: keep_days must be an integer", command, "--config", config.toString());
        }
    }

    @Test
    void csvFromTheHistoryNeutralisesFormulas() throws Exception {
        Files.writeString(dir.resolve("events-2026-05-01-000.jsonl"), "{\"time\":\"2026-05-01T10:00:00Z\","
                + "\"event_type\":\"CREATE\",\"path\":\"/tmp/x\",\"pid\":7,\"comm\":\"=1+1\","
                + "\"cmd\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\",\"size_change\":-12}\n");
        assertThat(run("query", "--history", dir.toString(), "-f", "csv")).as(err()).isZero();
        String line = out.toString(StandardCharsets.UTF_8).lines().toList().getLast();
        assertThat(line).contains(",\"'=1+1\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",").contains(",-12,");
    }
}
