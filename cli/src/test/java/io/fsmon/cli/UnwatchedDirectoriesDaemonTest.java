package io.fsmon.cli;

import io.fsmon.cli.DaemonHarness.Result;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.monitor.MarkLimit;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon tells which directories of a watch it could not mark, in {@code add}'s answer and in
 * {@code status} (issue 16, case 4), for a watch added by fsmon's printed name of a directory that
 * is not UTF-8 (case 9).
 */
@KernelTest
class UnwatchedDirectoriesDaemonTest {
    @TempDir
    Path base;

    @BeforeEach
    void root() {
        Privileged.assumeRoot();
    }

    @Test
    @SuppressWarnings("unchecked")
    void addAndStatusCountTheDirectoriesBeyondTheMarkLimit() throws Exception {
        try (ScratchFs fs = ScratchFs.mount(); DaemonHarness h = new DaemonHarness(base, "")) {
            Shell.sh(fs.root(), "mkdir \"$(printf 'top\\377')\" && cd \"$(printf 'top\\377')\" && "
                    + "i=0; while [ $i -lt 100 ]; do mkdir d$i; i=$((i+1)); done");
            String top = fs.root() + "/top\\xff";
            h.start();
            Result added;
            try (MarkLimit ignored = MarkLimit.lowered(20)) {
                added = h.run("add", top, "-r", "--marks", "inode").ok();
            }
            assertThat(added.out()).contains("watching " + top + " (recursive) through ")
                    .contains("NOT watching ").contains(" directories under " + top + " (fanotify_mark: ENOSPC");

            Result json = h.run("status", "-f", "json");
            assertThat(json.code()).as("status exits DEGRADED: events under those directories are lost").isEqualTo(ExitCode.DEGRADED);
            Map<String, Object> status = JsonOutput.parse(json.out().strip());
            assertThat(status.get("healthy")).isEqualTo(false);
            assertThat((List<String>) status.get("problems")).anySatisfy(p -> assertThat(p).startsWith("partly watched: " + top));
            Map<String, Object> watch = ((List<Map<String, Object>>) status.get("watches")).getFirst();
            assertThat(watch.get("path")).isEqualTo(top);
            long unwatched = ((Number) watch.get("unwatched_directories")).longValue();
            assertThat(unwatched).isBetween(1L, 101L);
            assertThat((List<String>) watch.get("marked")).anySatisfy(l ->
                    assertThat(l).startsWith("NOT watching " + unwatched + " directories under " + top));
            Result human = h.run("status");
            assertThat(human.code()).isEqualTo(ExitCode.DEGRADED);
            assertThat(human.out()).contains("NOT watching " + unwatched + " directories").contains("DEGRADED: partly watched: " + top);
            h.stopGracefully();
        }
    }
}
