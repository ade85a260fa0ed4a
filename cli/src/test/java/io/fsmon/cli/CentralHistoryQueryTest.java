package io.fsmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.cli.DaemonHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** query, changes and clean read a central history (DIR/HOST/) with --host GLOB. */
class CentralHistoryQueryTest {
    @TempDir
    Path central;

    private void host(String name, String path) throws Exception {
        Path d = Files.createDirectories(central.resolve(name));
        Files.writeString(d.resolve("events-2026-12-01-000.jsonl"),
                "{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"" + path
                        + "\",\"pid\":42,\"comm\":\"vi\",\"host\":\"" + name + "\",\"id\":\"" + name
                        + ":events-2026-12-01-000:0\"}\n");
        Files.writeString(d.resolve("events-2026-12-02-000.jsonl"),
                "{\"time\":\"2026-12-02T10:00:00Z\",\"event_type\":\"DELETE\",\"path\":\"/tmp/x\",\"pid\":43,"
                        + "\"comm\":\"rm\",\"host\":\"" + name + "\",\"id\":\"" + name + ":events-2026-12-02-000:0\"}\n");
    }

    @Test
    void hostsMatchingTheGlobAreReadAndEachLineSaysItsHost() throws Exception {
        host("web-01", "/etc/passwd");
        host("web-02", "/etc/hosts");
        host("db-01", "/etc/shadow");
        Result json = Result.of("query", "--history", central.toString(), "--host", "web-*", "--path", "/etc/**",
                "-f", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out().lines()).hasSize(2)
                .anyMatch(l -> l.contains("\"path\":\"/etc/passwd\"") && l.contains("\"host\":\"web-01\""))
                .anyMatch(l -> l.contains("\"path\":\"/etc/hosts\"") && l.contains("\"host\":\"web-02\""));
        Result human = Result.of("query", "--history", central.toString(), "--host", "db-*", "--path", "/etc/**");
        assertThat(human.out().lines()).singleElement().asString().startsWith("db-01  ").contains("/etc/shadow");
        Result csv = Result.of("changes", "--history", central.toString(), "--host", "*", "-f", "csv");
        assertThat(csv.out().lines().filter(l -> l.startsWith("host,"))).hasSize(1);
        assertThat(csv.out().lines().filter(l -> l.startsWith("web-02,"))).hasSize(2);
    }

    @Test
    void aGlobMatchingNoHostIsOneLineNamingTheHosts() throws Exception {
        host("web-01", "/etc/passwd");
        Result r = Result.of("query", "--history", central.toString(), "--host", "mail-*");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip()).isEqualTo("fsmon: no host matches 'mail-*' in " + central + " (hosts there: web-01)");
    }

    @Test
    void cleanAppliesItsLimitsToEachHost() throws Exception {
        host("web-01", "/etc/passwd");
        host("web-02", "/etc/hosts");
        Result r = Result.of("clean", "--history", central.toString(), "--host", "web-*", "--keep-days", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("web-01: removed events-2026-12-01-000.jsonl")
                .contains("web-02: removed events-2026-12-01-000.jsonl");
        assertThat(central.resolve("web-01/events-2026-12-02-000.jsonl")).exists(); // the newest stays
        assertThat(central.resolve("web-01/events-2026-12-01-000.jsonl")).doesNotExist();
    }
}
