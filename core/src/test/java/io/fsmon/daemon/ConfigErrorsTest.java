package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #16 case 8: every config error is one IllegalArgumentException naming the file and the line. */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    private String errorOf(String text) throws Exception {
        return errorOf(text.getBytes(StandardCharsets.UTF_8));
    }

    private String errorOf(byte[] text) throws Exception {
        Path file = dir.resolve("fsmon.toml");
        Files.write(file, text);
        Throwable t = catchAny(() -> DaemonSettings.load(new DaemonSettings.Overrides(file, null, null, null), Map.of(), true));
        String shown = new String(text, StandardCharsets.UTF_8);
        assertThat(t).as("config %s", shown.length() > 100 ? shown.substring(0, 100) + "..." : shown)
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(t.getMessage()).startsWith(file + ": line ").doesNotContain("\n");
        return t.getMessage().substring(file.toString().length() + 2);
    }

    /** Runs {@code r} on a thread with the launcher's stack size (-Xss256k), returning what it threw. */
    private static Throwable catchAny(ThrowingRunnable r) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable x) { // StackOverflowError, StringIndexOutOfBounds...: what must not escape
                thrown[0] = x;
            }
        }, "config", 256 * 1024);
        t.start();
        t.join();
        return thrown[0];
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() throws Exception {
        String deep = "x = " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertThat(errorOf("\n" + deep)).isEqualTo("line 2: arrays and tables nested deeper than 32 levels");
        assertThat(errorOf("x = " + "{ a = ".repeat(5000) + "1" + " }".repeat(5000))).contains("nested deeper");
    }

    @Test
    void aFlagMustBeABoolean() throws Exception {
        assertThat(errorOf("watches = [\n  { path = \"/etc\", recursive = \"yes\" },\n]\n"))
                .isEqualTo("line 2: recursive must be true or false, not \"yes\"");
        assertThat(errorOf("[[watches]]\npath = 5\n")).startsWith("line 2: path must be a string");
        assertThat(errorOf("keep_days = \"3\"\n")).startsWith("line 1: keep_days must be an integer");
        assertThat(errorOf("watches = [\"/etc\"]\n")).startsWith("line 1: watches must hold tables");
        assertThat(errorOf("[[watches]]\npath = \"/etc\"\nrecursve = true\n")).startsWith("line 3: unknown key 'recursve' in a watch");
        assertThat(errorOf("\n[[watches]]\nrecursive = true\n")).isEqualTo("line 2: a watch needs an absolute path (path = \"/etc\")");
        assertThat(errorOf("watches = [{ path = \"/etc\", marks = \"sometimes\" }]")).startsWith("line 1: marks must be");
        assertThat(errorOf("watches = [{ path = \"/etc\", pids = [\"1\"] }]")).startsWith("line 1: pids must be");
        assertThat(errorOf("history_dir = \"\"\n")).startsWith("line 1: history_dir must name a folder");
    }

    @Test
    void anArrayOfTablesCannotExtendAStaticArray() throws Exception {
        assertThat(errorOf("watches = [{ path = \"/etc\" }]\n\n[[watches]]\npath = \"/srv\"\n"))
                .isEqualTo("line 3: 'watches' is already defined on line 1; [[watches]] cannot add to it");
        assertThat(errorOf("[[watches]]\npath = \"/srv\"\n\n[watches]\n")).isEqualTo("line 4: 'watches' is already defined on line 1");
    }

    @Test
    void duplicateKeysInAnInlineTableAreRefused() throws Exception {
        assertThat(errorOf("watches = [{ path = \"/etc\", path = \"/srv\" }]\n"))
                .isEqualTo("line 1: 'path' is already defined on line 1");
        assertThat(errorOf("group = \"a\"\n\ngroup = \"b\"\n")).isEqualTo("line 3: 'group' is already defined on line 1");
    }

    @Test
    void badEscapesStayInTheErrorHandler() throws Exception {
        assertThat(errorOf("group = \"abc\\")).isEqualTo("line 1: unterminated string (it ends with a backslash)");
        assertThat(errorOf("\ngroup = \"\\u12\"\n")).isEqualTo("line 2: \\u needs 4 hexadecimal digits");
        assertThat(errorOf("group = \"\\u12")).isEqualTo("line 1: \\u needs 4 hexadecimal digits");
        assertThat(errorOf("group = \"\\uD800\"")).isEqualTo("line 1: \\u names no Unicode scalar value");
        assertThat(errorOf("group = \"\\UFFFFFFFF\"")).isEqualTo("line 1: \\U names no Unicode scalar value");
        assertThat(errorOf("group = \"\\q\"")).isEqualTo("line 1: unknown escape \\q");
        assertThat(errorOf("group = \"a\u0001b\"")).isEqualTo("line 1: control character U+0001 in a string (use an escape)");
        assertThat(errorOf("group = \"\"\"x\"\"\"")).isEqualTo("line 1: multi-line strings are not supported");
        assertThat(Toml.parse("a = \"\\u00e9\\U0001F600\\b\\f\\r\"")).containsEntry("a", "é\uD83D\uDE00\b\f\r");
    }

    @Test
    void nonUtf8SaysSoWithTheLine() throws Exception {
        byte[] text = "keep_days = 3\ngroup = \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(errorOf(text)).isEqualTo("line 2: not UTF-8 text at byte offset 26; TOML files are UTF-8");
    }

    @Test
    void aGroupThatDoesNotExistIsNamed() throws Exception {
        Path file = dir.resolve("fsmon.toml");
        Files.writeString(file, "keep_days = 1\ngroup = \"nosuchgroup-fsmon\"\n");
        DaemonSettings s = DaemonSettings.load(new DaemonSettings.Overrides(file, null, null, null), Map.of(), true);
        assertThatThrownBy(s::checkGroup).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": line 2: group 'nosuchgroup-fsmon' does not exist");
        Files.writeString(file, "group = \"root\"\n");
        DaemonSettings.load(new DaemonSettings.Overrides(file, null, null, null), Map.of(), true).checkGroup();
    }

    @Test
    void integersAreTomlIntegers() throws Exception {
        assertThat(errorOf("keep_days = 1__0")).startsWith("line 1: unsupported value '1__0'");
        assertThat(errorOf("keep_days = 99999999999999999999")).isEqualTo("line 1: integer out of range: 99999999999999999999");
        assertThat(errorOf("keep_days = 99999999999")).startsWith("line 1: keep_days must be an integer from 0 to 2147483647");
        assertThat(Toml.parse("a = 1_000\nb = -3\nc = +0")).containsEntry("a", 1000L).containsEntry("b", -3L).containsEntry("c", 0L);
    }

    @Test
    void valuesOfTheRightTypeStillParse() throws Exception {
        Path file = dir.resolve("ok.toml");
        Files.writeString(file, "watches = [{ path = \"/etc\", recursive = true, types = [\"create\", \"delete\"], "
                + "exclude = \"*.tmp\", users = [\"root\"], pids = [1], cmd = \"vi*\", marks = \"inode\", min_size = 12 }]\n");
        DaemonSettings s = DaemonSettings.load(new DaemonSettings.Overrides(file, null, null, null), Map.of(), true);
        assertThat(s.watches()).hasSize(1);
        WatchSpec w = s.watches().getFirst();
        assertThat(w.recursive()).isTrue();
        assertThat(w.excludes()).isEqualTo(List.of("*.tmp"));
        assertThat(w.minSize()).isEqualTo(12L);
        assertThat(w.describe()).isEqualTo("/etc -r -t CREATE,DELETE -e '*.tmp' -m 12 --pid 1 --cmd 'vi*' --user root --marks inode");
    }

    @Test
    void theParserThrowsNothingButIllegalArgument() {
        for (String bad : List.of("a = \"\\", "a = \"\\u", "a = [", "a = {", "a = { b = ", "[", "[[", "[[a]", "a = [1,,2]",
                "a = 0x10", "a.b = 1", "= 1", "a = \"\\uZZZZ\"", "a = 1.5", "a = 1979-05-27", "a = [1 2]")) {
            assertThatThrownBy(() -> Toml.parse(bad)).as(bad).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("line 1: ");
        }
    }

    /**
     * Client properties pass through to the Kafka producer, but not those the exactly-once promise
     * rests on: acks, idempotence, one request in flight, the host key, the serializers.
     */
    @Test
    void shipClientPropertiesThatBreakOrderingOrAcknowledgementAreRefused() throws Exception {
        String ship = "[ship]\nkafka = \"127.0.0.1:9092\"\n";
        assertThat(errorOf(ship + "\"max.in.flight.requests.per.connection\" = 5\n"))
                .isEqualTo("line 3: [ship] cannot set the client property 'max.in.flight.requests.per.connection': "
                        + "one request at a time keeps each host's lines in order, which the collector's dedupe relies on");
        assertThat(errorOf(ship + "\"acks\" = \"1\"\n")).startsWith("line 3: [ship] cannot set the client property 'acks': ");
        for (String key : List.of("enable.idempotence", "transactional.id", "key.serializer", "value.serializer",
                "partitioner.class", "partitioner.ignore.keys", "interceptor.classes", "bootstrap.servers")) {
            assertThat(errorOf(ship + "\"" + key + "\" = \"x\"\n")).as(key)
                    .startsWith("line 3: [ship] cannot set the client property '" + key + "': ");
        }
        Files.writeString(dir.resolve("fsmon.toml"), ship + "\"security.protocol\" = \"SSL\"\n\"linger.ms\" = 20\n");
        assertThat(DaemonSettings.load(new DaemonSettings.Overrides(dir.resolve("fsmon.toml"), null, null, null), Map.of(), true)
                .ship().properties()).containsEntry("security.protocol", "SSL").containsEntry("linger.ms", "20");
    }

    @Test
    void shipRecordsAreBlocksUnlessOneEventPerRecordIsAsked() throws Exception {
        String ship = "[ship]\nkafka = \"127.0.0.1:9092\"\n";
        assertThat(errorOf(ship + "records = \"line\"\n")).isEqualTo("line 3: records = \"line\" is neither \"block\" "
                + "(several lines per Kafka record, the default) nor \"event\" (one per record)");
        for (String[] c : new String[][] {{"", "false"}, {"records = \"block\"\n", "false"}, {"records = \"event\"\n", "true"}}) {
            Files.writeString(dir.resolve("fsmon.toml"), ship + c[0]);
            assertThat(DaemonSettings.load(new DaemonSettings.Overrides(dir.resolve("fsmon.toml"), null, null, null),
                    Map.of(), true).ship().perEvent()).as(c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
        }
    }
}
