package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.linux.KernelTest;
import io.fsmon.proc.ProcLookup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the kernel refuses marks (the user's {@code max_user_marks} is reached), per-directory mode
 * says how many directories are not watched and names some, instead of reporting only those it
 * marked "as asked" (issue 16, case 4).
 */
@KernelTest
class MarkLimitKernelTest extends ScratchMonitorTest {
    private static final int DIRECTORIES = 200;

    @Test
    void directoriesBeyondTheMarkLimitAreCountedAndNamed() throws Exception {
        Shell.sh(root, "i=0; while [ $i -lt " + DIRECTORIES + " ]; do mkdir d$i; i=$((i+1)); done");
        List<String> diagnostics = new ArrayList<>();
        MonitorConfig config = new MonitorConfig(List.of(root), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.INODE, false);
        // Lowered only while the marks are placed (about two seconds).
        try (MarkLimit ignored = MarkLimit.lowered(20)) {
            monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, diagnostics::add);
        }
        String how = diagnostics.stream().filter(l -> l.startsWith("watching " + root)).findFirst().orElseThrow();
        Matcher placed = Pattern.compile("through (\\d+) inode marks").matcher(how);
        assertThat(placed.find()).as(how).isTrue();
        String missed = diagnostics.stream().filter(l -> l.startsWith("NOT watching")).findFirst()
                .orElseThrow(() -> new AssertionError("no NOT watching line in " + diagnostics));
        Matcher count = Pattern.compile("^NOT watching (\\d+) directories under " + Pattern.quote(root.toString())
                + " \\(fanotify_mark: ENOSPC: the limit /proc/sys/fs/fanotify/max_user_marks is reached\\): "
                + "(/\\S+, ){4}/\\S+ and (\\d+) more$").matcher(missed);
        assertThat(count.find()).as(missed).isTrue();
        long notMarked = Long.parseLong(count.group(1));
        // Every directory is either marked or counted: none is lost without a word.
        assertThat(Long.parseLong(placed.group(1)) + notMarked).isEqualTo(DIRECTORIES + 1);
        assertThat(Long.parseLong(count.group(3))).isEqualTo(notMarked - 5);
        assertThat(monitor.unwatchedDirectories()).isEqualTo(notMarked);
        assertThat(monitor.watching()).contains(missed);
    }
}
