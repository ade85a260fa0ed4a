package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.event.EventType;
import io.fsmon.monitor.MonitorConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    static final String CONFIG = """
            # fsmon's config
            history_dir = "/srv/fsmon/history"   # where events go
            keep_days = 30
            max_size = "2GB"
            group = 'fsmon'
            watches = [
              { path = "/etc", recursive = true },
              { path = "/var/www", recursive = true, types = "create,delete", exclude = ["*.tmp", "**/cache/**"] },
            ]

            [[watches]]
            path = "/home/alice/doc"
            min_size = "1KB"
            """;

    @Test
    void parsesTheConfigSubset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fsmon.toml");
        Files.writeString(file, CONFIG.replace("\n\n[[watches]]\npath = \"/home/alice/doc\"\nmin_size = \"1KB\"\n", "\n"));
        DaemonSettings s = DaemonSettings.load(new DaemonSettings.Overrides(file, null, dir.resolve("run"), null),
                Map.of("FSMON_STATE_DIR", dir.resolve("state").toString()), true);
        assertThat(s.locations().historyDir()).isEqualTo(Path.of("/srv/fsmon/history"));
        assertThat(s.locations().runtimeDir()).isEqualTo(dir.resolve("run"));
        assertThat(s.locations().stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(s.keepDays()).isEqualTo(30);
        assertThat(s.maxSize()).isEqualTo(2L << 30);
        assertThat(s.group()).isEqualTo("fsmon");
        assertThat(s.watches()).extracting(WatchSpec::path).containsExactly("/etc", "/var/www");
        assertThat(s.watches().get(1).types()).isEqualTo(Set.of(EventType.CREATE, EventType.DELETE));
        assertThat(s.watches().get(1).excludes()).containsExactly("*.tmp", "**/cache/**");
        assertThat(s.watches().get(0).types()).isEqualTo(EventType.DEFAULTS);
    }

    @Test
    void arraysOfTablesAndErrorsWithLineNumbers() {
        Map<String, Object> t = Toml.parse("[[watches]]\npath = \"/a\"\n[[watches]]\npath = '/b'\nrecursive = false\n");
        assertThat((List<?>) t.get("watches")).hasSize(2);
        assertThatThrownBy(() -> Toml.parse("keep_days = 3\nmax_size = 12 34\n")).hasMessage("line 2: unexpected '3'");
        assertThatThrownBy(() -> Toml.parse("a.b = 1")).hasMessageContaining("dotted keys");
        assertThatThrownBy(() -> Toml.parse("x = \"open")).hasMessage("line 1: unterminated string");
        assertThatThrownBy(() -> Toml.parse("x = yes")).hasMessageContaining("strings need quotes");
    }

    @Test
    void unknownKeysAndBadValuesAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.toml");
        Files.writeString(file, "keep_dayz = 3\n");
        assertThatThrownBy(() -> DaemonSettings.load(new DaemonSettings.Overrides(file, null, null, null), Map.of(), true))
                .hasMessageStartingWith(file + ": line 1: unknown key 'keep_dayz' (known: history_dir, ");
        Files.writeString(file, "watches = [{ path = \"relative\" }]\n");
        assertThatThrownBy(() -> DaemonSettings.load(new DaemonSettings.Overrides(file, null, null, null), Map.of(), true))
                .hasMessageContaining("absolute path");
    }

    @Test
    void watchListRoundTripsAtomically(@TempDir Path dir) throws Exception {
        WatchSpec w = new WatchSpec("/srv", true, Set.of(EventType.CREATE), List.of("*.swp"), 4096L, Set.of(1, 2),
                "rsync", Set.of("alice"), MonitorConfig.MarkMode.INODE);
        Path file = dir.resolve("state/watches.json");
        WatchList.save(file, List.of(w, WatchSpec.of("/etc", false)));
        assertThat(WatchList.load(file)).containsExactly(w, WatchSpec.of("/etc", false));
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left behind
        assertThat(w.describe()).isEqualTo("/srv -r -t CREATE -e '*.swp' -m 4096 --pid 1 --pid 2 --cmd 'rsync' --user alice --marks inode");
        assertThat(WatchList.load(dir.resolve("none.json"))).isEmpty();
    }
}
