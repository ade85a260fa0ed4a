package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.proc.ProcLookup;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Directories whose names are not UTF-8 or look like fsmon's escapes are marked and reported like
 * any other in per-directory mode, under the lossless text form of their names (issue 16, case 4).
 */
@KernelTest
class OddNamesKernelTest extends ScratchMonitorTest {
    /**
     * Names as {@code printf} formats (dash's printf: octal escapes), and the text form fsmon prints
     * for each: a backslash doubled, a byte that is not UTF-8 as {@code \xNN}.
     */
    private static final String[][] NAMES = {
            {"plain", "plain"},
            {"a\\\\x2db", "a\\\\x2db"},        // a literal backslash, then "x2d": not a "-"
            {"back\\\\slash", "back\\\\slash"},
            {"new\\nline", "new\nline"},
            {"d\\377", "d\\xff"},               // 0xff: never valid UTF-8
            {"caf\\351", "caf\\xe9"},           // Latin-1 é
            {"x\\342\\202", "x\\xe2\\x82"},     // a cut UTF-8 sequence
    };

    private final List<String> diagnostics = new ArrayList<>();

    @Test
    void everyOddlyNamedDirectoryIsMarkedAndNamedExactly() throws Exception {
        StringBuilder mk = new StringBuilder();
        for (String[] n : NAMES) {
            // Each directory has one below it, so whole subtrees are checked, not just one level.
            mk.append("d=\"$(printf '").append(n[0]).append("')\"; mkdir \"$d\" \"$d/sub\"; ");
        }
        Shell.sh(root, mk.toString());
        start();
        assertThat(diagnostics).filteredOn(l -> l.startsWith("NOT")).isEmpty();
        assertThat(diagnostics).anySatisfy(l -> assertThat(l).contains("through " + (2 * NAMES.length + 1) + " inode marks"));

        StringBuilder touch = new StringBuilder();
        for (String[] n : NAMES) {
            touch.append("d=\"$(printf '").append(n[0]).append("')\"; touch \"$d/f\" \"$d/sub/g\"; ");
        }
        Shell.sh(root, touch.toString());
        List<FileEvent> ev = rec.sync(root);
        List<String> created = ev.stream().filter(e -> e.type() == EventType.CREATE).map(FileEvent::path).toList();
        for (String[] n : NAMES) {
            assertThat(created).as(n[1]).contains(p(n[1] + "/f"), p(n[1] + "/sub/g"));
        }
    }

    @Test
    void oddlyNamedDirectoriesMadeAfterStartAreMarkedToo() throws Exception {
        start();
        StringBuilder mk = new StringBuilder();
        for (String[] n : NAMES) {
            mk.append("d=\"$(printf 'new-").append(n[0]).append("')\"; mkdir -p \"$d/sub\"; touch \"$d/sub/early\"; ");
        }
        Shell.sh(root, mk.toString());
        rec.sync(root);
        StringBuilder touch = new StringBuilder();
        for (String[] n : NAMES) {
            touch.append("d=\"$(printf 'new-").append(n[0]).append("')\"; touch \"$d/f\" \"$d/sub/g\"; ");
        }
        Shell.sh(root, touch.toString());
        List<FileEvent> ev = rec.sync(root);
        List<String> created = ev.stream().filter(e -> e.type() == EventType.CREATE).map(FileEvent::path).toList();
        for (String[] n : NAMES) {
            assertThat(created).as(n[1]).contains(p("new-" + n[1] + "/sub"), p("new-" + n[1] + "/sub/early"),
                    p("new-" + n[1] + "/f"), p("new-" + n[1] + "/sub/g"));
        }
        assertThat(diagnostics).filteredOn(l -> l.startsWith("NOT")).isEmpty();
    }

    @Test
    void aRootNamedInTheEscapedFormIsWatched() throws Exception {
        Shell.sh(root, "mkdir \"$(printf 'top\\377')\"");
        Path escaped = root.resolve("top\\xff"); // how fsmon prints it; no file has this name
        MonitorConfig config = new MonitorConfig(List.of(escaped), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.INODE, false);
        monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, diagnostics::add);
        Shell.sh(root, "touch \"$(printf 'top\\377')/f\"");
        rec.await(e -> e.type() == EventType.CREATE && p("top\\xff/f").equals(e.path()), java.time.Duration.ofSeconds(20));
        assertThat(diagnostics).anySatisfy(l -> assertThat(l).startsWith("watching " + p("top\\xff") + " (recursive)"));
    }

    private void start() throws Exception {
        MonitorConfig config = new MonitorConfig(List.of(root), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.INODE, false);
        monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, diagnostics::add);
    }
}
