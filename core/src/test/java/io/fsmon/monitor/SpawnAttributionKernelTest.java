package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every short-lived process named, for every event type it makes (issue #16 case 10): the spawn
 * workload of the attribution issue with all the default types, and the records that are held
 * for the next read.
 */
@KernelTest
class SpawnAttributionKernelTest {
    private ScratchFs fs;
    private Path root;
    private Monitor monitor;
    private ProcessAttribution attribution;
    private final Recorder rec = new Recorder();
    private final List<String> diagnostics = new ArrayList<>();

    @BeforeEach
    void mount() throws Exception {
        Privileged.assumeRoot();
        fs = ScratchFs.mount();
        root = fs.root();
        Shell.sh(root, "chmod 777 .");
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (monitor != null) {
                monitor.stop();
            }
            if (attribution != null) {
                attribution.close();
            }
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    private void start(Set<EventType> types) throws Exception {
        attribution = ProcessAttribution.start(false, null, ProcessAttribution.DEFAULT_HOLD, diagnostics::add);
        assertThat(attribution.connected()).as("proc connector: %s", diagnostics).isTrue();
        MonitorConfig config = new MonitorConfig(List.of(root), true, types, null, MonitorConfig.MarkMode.AUTO, false);
        monitor = Monitor.start(config, rec, attribution, diagnostics::add);
    }

    @Test
    void aRecordHeldForTheNextReadIsNamedThoughItsProcessExitedBeforeThatRead() throws Exception {
        Shell.sh(root, "touch m");
        start(EnumSet.of(EventType.CREATE, EventType.MOVE_SELF));
        monitor.pause(); // mv has exited before its records are read; its MOVE_SELF ends the read
        try {
            Shell.sh(root, "exec mv m n");
        } finally {
            monitor.resume();
        }
        List<FileEvent> ev = rec.sync(root);
        FileEvent moved = ev.stream().filter(e -> e.type() == EventType.MOVE_SELF).findFirst().orElseThrow();
        assertThat(moved.actor().comm()).as("%s", moved).isEqualTo("mv");
    }

    @Test
    void everyEventOfFiveHundredShortLivedProcessesNamesItsProcess() throws Exception {
        Shell.sh(root, "i=0; while [ $i -lt 500 ]; do [ $((i % 4)) = 2 ] && : > m$i; i=$((i+1)); done");
        start(EventType.DEFAULTS);
        Shell.sh(root, "i=0; while [ $i -lt 500 ]; do case $((i % 4)) in "
                + "0) touch t$i & ;; "
                + "1) sh -c \"echo x > s$i\" & ;; "
                + "2) mv m$i n$i & ;; "
                + "3) setpriv --reuid=65534 --regid=65534 --clear-groups touch u$i & ;; esac; "
                + "wait; i=$((i+1)); done");
        List<FileEvent> ev = rec.sync(root);
        List<String> unnamed = new ArrayList<>();
        for (FileEvent e : ev) {
            if (e.actor() != null && e.actor().comm() == null) {
                // What the table knew of the pid tells which evidence was missing next time.
                unnamed.add(e.type() + " " + e.path() + " " + e.actor() + " " + attribution.describe(e.actor().pid()));
            }
        }
        assertThat(ev).hasSizeGreaterThan(1000);
        assertThat(unnamed).as("unnamed events; %s", attribution.summary()).isEmpty();
    }
}
