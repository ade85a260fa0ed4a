package io.fsmon.daemon;

import io.fsmon.log.Locations;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config the package installs (cli/src/deb/fsmon.toml) is valid as shipped, and each key it shows
 * commented out is valid too, with the value the daemon uses without it (metrics, off by default,
 * shows an example address): the file cannot drift from the settings it documents.
 */
class ShippedConfigTest {
    private static final Path SHIPPED = Path.of("../cli/src/deb/fsmon.toml");

    @Test
    void asShippedOnlyTheReadingGroupIsSet() throws Exception {
        DaemonSettings s = parse(Files.readString(SHIPPED));
        assertThat(s.group()).isEqualTo("fsmon");
        assertThat(s).isEqualTo(withGroup(parse(""), "fsmon"));
    }

    @Test
    void everyCommentedKeyParsesToItsDefault() throws Exception {
        String uncommented = Files.readString(SHIPPED).replaceAll("(?m)^#(?=[a-z_]+ = |  \\{ |\\])", "");
        assertThat(uncommented).contains("\nhistory_dir = ").contains("\ntail_queue = ").contains("\nwatches = [");
        DaemonSettings s = parse(uncommented);
        DaemonSettings defaults = withGroup(parse(""), "fsmon");
        assertThat(s.locations()).isEqualTo(defaults.locations());
        assertThat(s.keepDays()).isEqualTo(defaults.keepDays());
        assertThat(s.maxSize()).isEqualTo(defaults.maxSize());
        assertThat(s.fileLimit()).isEqualTo(defaults.fileLimit());
        assertThat(s.tailQueue()).isEqualTo(defaults.tailQueue());
        assertThat(s.watches()).extracting(WatchSpec::path).containsExactly("/etc", "/var/www");
        assertThat(defaults.metrics()).isNull();
        assertThat(s.metrics()).isEqualTo("127.0.0.1:9464");
    }

    private static DaemonSettings parse(String toml) {
        return DaemonSettings.parse(toml.getBytes(StandardCharsets.UTF_8), Path.of("/etc/fsmon/fsmon.toml"),
                DaemonSettings.Overrides.NONE, Map.of(), true);
    }

    private static DaemonSettings withGroup(DaemonSettings s, String group) {
        return new DaemonSettings(s.locations(), s.keepDays(), s.maxSize(), group, s.fileLimit(), s.watches(),
                s.tailQueue(), s.metrics(), s.ship());
    }
}
