package io.fsmon.monitor;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.KernelTest;
import io.fsmon.linux.Privileged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attribution on the real kernel with real short-lived processes: the proc connector, the
 * process table and exec correlation together, through the monitor.
 */
@KernelTest
class AttributionKernelTest {
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
                fs.close(); // even when stopping failed: never leave a scratch filesystem mounted
            }
        }
    }

    private void start(boolean chain, String ancestor, Set<EventType> types) throws Exception {
        attribution = ProcessAttribution.start(chain, ancestor, ProcessAttribution.DEFAULT_HOLD, diagnostics::add);
        assertThat(attribution.connected()).as("proc connector: %s", diagnostics).isTrue();
        MonitorConfig config = new MonitorConfig(List.of(root), true, types, null, MonitorConfig.MarkMode.AUTO, false);
        monitor = Monitor.start(config, rec, attribution, diagnostics::add);
    }

    private String p(String rel) {
        return root.resolve(rel).toString();
    }

    /** What one workload process was: its pid (from the shell's {@code $!}), comm and user. */
    private record Expected(int pid, String comm, String user) {
    }

    @Test
    void fiveHundredShortLivedProcessesAreNamedWithTheirPidAndUser() throws Exception {
        Shell.sh(root, "i=0; while [ $i -lt 500 ]; do [ $((i % 4)) = 2 ] && : > m$i; i=$((i+1)); done");
        start(false, null, EnumSet.of(EventType.CREATE, EventType.MOVED_TO));
        Path pids = Files.createTempFile("fsmon-pids", ".txt");
        try {
            // Each process runs in the background so the shell can record its pid ($!) first.
            Shell.sh(root, "i=0; while [ $i -lt 500 ]; do case $((i % 4)) in "
                    + "0) touch t$i & ;; "
                    + "1) sh -c \"echo x > s$i\" & ;; "
                    + "2) mv m$i n$i & ;; "
                    + "3) setpriv --reuid=65534 --regid=65534 --clear-groups touch u$i & ;; esac; "
                    + "echo \"$! $i\" >> " + pids + "; wait; i=$((i+1)); done");
            List<FileEvent> ev = rec.sync(root);
            Map<String, Expected> expected = new HashMap<>();
            for (String line : Files.readAllLines(pids)) {
                String[] f = line.split(" ");
                int pid = Integer.parseInt(f[0]);
                int i = Integer.parseInt(f[1]);
                switch (i % 4) {
                    case 0 -> expected.put(p("t" + i), new Expected(pid, "touch", "root"));
                    case 1 -> expected.put(p("s" + i), new Expected(pid, "sh", "root"));
                    case 2 -> expected.put(p("n" + i), new Expected(pid, "mv", "root"));
                    default -> expected.put(p("u" + i), new Expected(pid, "touch", "nobody"));
                }
            }
            assertThat(expected).hasSize(500);
            Map<String, Actor> seen = new HashMap<>();
            for (FileEvent e : ev) {
                if (expected.containsKey(e.path())) {
                    seen.put(e.path(), e.actor());
                }
            }
            assertThat(seen).hasSize(500);
            List<String> wrong = new ArrayList<>();
            int unnamed = 0;
            for (var entry : expected.entrySet()) {
                Actor a = seen.get(entry.getKey());
                Expected x = entry.getValue();
                if (a.comm() == null) {
                    unnamed++;
                }
                if (a.pid() != x.pid() || a.comm() != null && !x.comm().equals(a.comm()) || !x.user().equals(a.user())) {
                    wrong.add(entry.getKey() + " expected " + x + " got " + a);
                }
            }
            // Pid, user and name right for every event, as the attribution issue asks: a process
            // gone before /proc is read is named by its taskstats exit record (see ExitNames);
            // 0 of 500 unnamed in every run of this test and of bench/attribution.sh since, under
            // load too. (A process re-parented before it exits is left unnamed by design; none
            // of these is.)
            assertThat(wrong).isEmpty();
            assertThat(unnamed).as("events without a comm").isZero();
            assertThat(attribution.lostProcessEvents()).isZero();
        } finally {
            Files.deleteIfExists(pids);
        }
    }

    @Test
    void processesGoneBeforeTheirEventsAreReadAreNamedAsTheKernelNamedThem() throws Exception {
        // Started through a symlink named otherwise than its target: the comm is the link's name,
        // which the exec image (the target, dash) cannot tell; /proc can while the process lives,
        // and after that only the comm taskstats reports at its exit.
        Path bin = Files.createTempDirectory("fsmon-exit-comm");
        Path link = Files.createSymbolicLink(bin.resolve("exitcomm-sh"), Path.of("/bin/sh").toRealPath());
        try {
            start(false, null, EnumSet.of(EventType.CREATE));
            assertThat(diagnostics).noneMatch(d -> d.startsWith("taskstats unavailable"));
            monitor.pause(); // every process has exited before its event is read
            try {
                Shell.sh(root, "i=0; while [ $i -lt 100 ]; do " + link + " -c 'echo x > e'$i; i=$((i+1)); done");
            } finally {
                monitor.resume();
            }
            List<FileEvent> ev = rec.sync(root);
            Map<String, String> comms = new HashMap<>();
            for (FileEvent e : ev) {
                if (e.path() != null && e.path().startsWith(p("e"))) {
                    comms.putIfAbsent(e.path(), String.valueOf(e.actor().comm()));
                }
            }
            assertThat(comms).hasSize(100);
            assertThat(comms.values()).containsOnly("exitcomm-sh");
            assertThat(attribution.summary()).doesNotContain(" 0 processes named at exit");
        } finally {
            Files.delete(link);
            Files.delete(bin);
        }
    }

    @Test
    void eventsBeforeAnExecAreNeverGivenTheNewProgramsName() throws Exception {
        Shell.sh(root, "touch g");
        start(false, null, EnumSet.of(EventType.CREATE, EventType.DELETE));
        monitor.pause(); // one batch: the table already knows the exec when the CREATE is read
        try {
            // bash writes f itself, then execs its last command: the same pid becomes rm.
            Shell.sh(root, "bash -c 'echo x > f; rm g'");
        } finally {
            monitor.resume();
        }
        List<FileEvent> ev = rec.sync(root);
        FileEvent created = ev.stream().filter(e -> e.type() == EventType.CREATE && p("f").equals(e.path()))
                .findFirst().orElseThrow();
        FileEvent deleted = ev.stream().filter(e -> e.type() == EventType.DELETE && p("g").equals(e.path()))
                .findFirst().orElseThrow();
        assertThat(created.actor().pid()).isEqualTo(deleted.actor().pid());
        assertThat(created.actor().comm()).isIn("bash", null);
        assertThat(deleted.actor().comm()).isIn("rm", null);
    }

    @Test
    void aProcessWithALoginUidShowsTheLoginUser() throws Exception {
        start(false, null, EnumSet.of(EventType.CLOSE_WRITE));
        try (Live p = Live.start(root, "sh", "-c",
                "echo 65534 > /proc/self/loginuid; exec bash -c 'echo x > logged; echo done; read l'")) {
            FileEvent e = rec.await(x -> p("logged").equals(x.path()), Duration.ofSeconds(20));
            assertThat(e.actor().pid()).isEqualTo(p.pid());
            assertThat(e.actor().comm()).isEqualTo("bash");
            assertThat(e.actor().user()).isEqualTo("root");
            assertThat(e.actor().loginUid()).isEqualTo(65534);
            assertThat(e.actor().loginUser()).isEqualTo("nobody");
            p.awaitLine();
        }
    }

    @Test
    void ancestorBashMatchesTheGrandchildrenOfABashSubtree() throws Exception {
        start(true, "bash", EnumSet.of(EventType.CREATE));
        Shell.run(List.of("bash", "-c", "cd " + root + " && sh -c 'touch grandchild; true'; true"));
        List<FileEvent> ev = rec.sync(root);
        FileEvent g = ev.stream().filter(e -> p("grandchild").equals(e.path())).findFirst().orElseThrow();
        assertThat(g.actor().comm()).isEqualTo("touch");
        assertThat(g.actor().chain()).as("%s; parent %s", g.actor(), attribution.describe(g.actor().ppid()))
                .extracting(Actor.Ancestor::comm).startsWith("sh", "bash");
    }

    @Test
    void ancestorExcludesProcessesOutsideTheSubtree() throws Exception {
        Files.copy(Path.of("/bin/bash"), root.resolve("subtree-top"));
        Shell.sh(root, "chmod 755 subtree-top");
        start(false, "subtree-top", EnumSet.of(EventType.CREATE));
        Shell.sh(root, "./subtree-top -c \"sh -c 'touch inside; true'; true\"; sh -c 'touch outside; true'");
        monitor.stop(); // drains everything the finished workload caused
        assertThat(rec.events()).extracting(FileEvent::path).contains(p("inside")).doesNotContain(p("outside"));
    }

    @Test
    void aProcessInANewCgroupShowsIt() throws Exception {
        Path cg = Path.of("/sys/fs/cgroup/unified/fsmon-test-" + ProcessHandle.current().pid());
        if (!Files.isDirectory(cg.getParent())) {
            cg = Path.of("/sys/fs/cgroup/fsmon-test-" + ProcessHandle.current().pid());
        }
        Files.createDirectory(cg);
        try {
            start(false, null, EnumSet.of(EventType.CLOSE_WRITE));
            try (Live p = Live.start(root, "sh", "-c", "echo $$ > " + cg.resolve("cgroup.procs")
                    + "; exec bash -c 'echo x > grouped; echo done; read l'")) {
                FileEvent e = rec.await(x -> p("grouped").equals(x.path()), Duration.ofSeconds(20));
                assertThat(e.actor().container()).isEqualTo("/" + cg.getFileName());
                p.awaitLine();
            }
        } finally {
            Files.delete(cg);
        }
    }
}
