package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import io.fsmon.proc.ProcLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FS_ERROR on a real ext4: a loop-mounted scratch image whose journal is aborted by
 * {@code mount -o remount,abort} (what LTP's fanotify22 does), which the kernel reports to
 * filesystem marks as FAN_FS_ERROR.
 */
@KernelTest
class FsErrorTest {

    @Test
    void abortedExt4ReportsFsError(@TempDir Path tmp) throws Exception {
        Privileged.assumeRoot();
        Path image = tmp.resolve("ext4.img");
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Shell.run(List.of("truncate", "-s", "32M", image.toString()));
        Shell.run(List.of("mkfs.ext4", "-q", "-F", image.toString()));
        Shell.run(List.of("mount", "-o", "loop", image.toString(), mnt.toString()));
        Recorder rec = new Recorder();
        Monitor monitor = null;
        try {
            MonitorConfig config = new MonitorConfig(List.of(mnt), true, EnumSet.of(EventType.FS_ERROR, EventType.CREATE),
                    null, MonitorConfig.MarkMode.FILESYSTEM, false);
            monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, line -> { });
            rec.sync(mnt); // marks work before the filesystem breaks
            Shell.run(List.of("mount", "-o", "remount,abort", mnt.toString()));
            FileEvent e = rec.await(x -> x.type() == EventType.FS_ERROR, Duration.ofSeconds(20));
            assertThat(e.type()).isEqualTo(EventType.FS_ERROR);
        } finally {
            if (monitor != null) {
                monitor.stop();
            }
            Shell.run(List.of("umount", "-l", mnt.toString()));
        }
    }
}
