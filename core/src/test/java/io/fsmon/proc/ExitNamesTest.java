package io.fsmon.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comm a process exited with (taskstats) names it in the table, only where it provably held. */
class ExitNamesTest {

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ExecImages images = new ExecImages(100);
    private ProcessTable table;
    private FakeProc fake;

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeProc(dir.resolve("proc"));
        fake.process(50, "bash", 1, 100, 0, "bash");
        Map<Integer, String> db = Map.of(0, "root", 65534, "nobody");
        table = new ProcessTable(new ProcFs(dir.resolve("proc")), new UserNames(db::get, nanos::get),
                nanos::get, Duration.ofSeconds(30), 100);
        table.fill();
    }

    /** bash (50) forks {@code pid} at 2_000; it execs at 2_100, gone before /proc is read. */
    private void shortLived(int pid) {
        table.apply(new ProcEvent.Fork(2_000, 50, pid, pid));
        table.apply(new ProcEvent.Exec(2_100, pid, pid));
    }

    private static ProcEvent.TaskExit exit(int pid, String comm, long received, long elapsed) {
        return new ProcEvent.TaskExit(received, pid, pid, 50, 0, comm, elapsed);
    }

    @Test
    void anEventAfterTheLastExecIsNamedByTheExitComm() {
        shortLived(60);
        table.apply(new ProcEvent.Exit(2_300, 60, 60, 0));
        table.apply(exit(60, "touch", 2_400, 350));
        assertThat(table.actorOf(60, 2_200, 2_500, images, false).comm()).isEqualTo("touch");
        assertThat(table.exitNamed()).isEqualTo(1);
    }

    @Test
    void aRecordHandledBeforeTheConnectorsExitWaitsForIt() {
        shortLived(61);
        table.apply(exit(61, "touch", 2_400, 300)); // another socket: it may be handled first
        table.apply(new ProcEvent.Exit(2_300, 61, 61, 0));
        assertThat(table.actorOf(61, 2_200, 2_500, images, false).comm()).isEqualTo("touch");
    }

    @Test
    void withoutProofThatTheEventFollowedTheLastExecTheNameStaysUnknown() {
        shortLived(62);
        table.apply(exit(62, "touch", 2_400, 350));
        table.apply(new ProcEvent.Exit(2_300, 62, 62, 0));
        // The window began before the exec and fanotify showed no image: the event may be bash's.
        assertThat(table.actorOf(62, 1_900, 2_500, images, false).comm()).isNull();
    }

    @Test
    void aSymlinkedProgramIsNamedAsTheKernelNamedIt() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("dash"), "\u007fELF");
        Files.createSymbolicLink(bin.resolve("sh"), bin.resolve("dash"));
        shortLived(63);
        images.opened(63, bin.resolve("dash").toRealPath().toString(), 1_900, 2_200);
        table.apply(new ProcEvent.Exit(2_300, 63, 63, 0));
        assertThat(table.actorOf(63, 1_900, 2_500, images, false).comm()).isNull(); // dash or sh? fanotify cannot tell
        table.apply(exit(63, "sh", 2_400, 350));
        assertThat(table.actorOf(63, 1_900, 2_500, images, false).comm()).isEqualTo("sh");
    }

    @Test
    void theExitCommBeatsTheBasenameOfAProgramStartedThroughALinkElsewhere() {
        shortLived(69);
        images.opened(69, "/usr/bin/dash", 1_900, 2_200); // started as /opt/tools/mysh -> /usr/bin/dash
        table.apply(new ProcEvent.Exit(2_300, 69, 69, 0));
        table.apply(exit(69, "mysh", 2_400, 350));
        assertThat(table.actorOf(69, 1_900, 2_500, images, false).comm()).isEqualTo("mysh");
        assertThat(table.actorOf(69, 1_900, 2_500, images, false).exe()).isEqualTo("/usr/bin/dash");
    }

    @Test
    void aSecondExecIsNamedWhenItsImageAgreesWithTheExitComm() {
        shortLived(64); // setpriv
        table.apply(new ProcEvent.Exec(2_200, 64, 64)); // touch; both reads failed
        images.opened(64, "/usr/bin/setpriv", 1_900, 2_250);
        images.opened(64, "/usr/bin/touch", 1_900, 2_250);
        table.apply(new ProcEvent.Exit(2_300, 64, 64, 0));
        assertThat(table.actorOf(64, 1_900, 2_500, images, false).comm()).isNull();
        table.apply(exit(64, "touch", 2_400, 350));
        assertThat(table.actorOf(64, 1_900, 2_500, images, false).comm()).isEqualTo("touch");
    }

    @Test
    void anEarlierImageThatDisagreesWithTheExitCommNamesNothing() {
        shortLived(65);
        images.opened(65, "/usr/bin/setpriv", 1_900, 2_150);
        table.apply(new ProcEvent.Exec(2_200, 65, 65)); // from a filesystem fanotify does not watch
        table.apply(new ProcEvent.Exit(2_300, 65, 65, 0));
        table.apply(exit(65, "mytool", 2_400, 350));
        assertThat(table.actorOf(65, 2_150, 2_500, images, false).comm()).isNull();
    }

    @Test
    void aRecordThatFitsTwoLivesOfItsPidNamesNeither() {
        table.apply(new ProcEvent.Fork(1_500, 50, 66, 66));
        table.apply(new ProcEvent.Exec(1_600, 66, 66));
        table.apply(new ProcEvent.Exit(1_950, 66, 66, 0));
        shortLived(66);
        table.apply(new ProcEvent.Exit(2_300, 66, 66, 0));
        table.apply(exit(66, "touch", 2_400, 200));
        assertThat(table.actorOf(66, 2_200, 2_500, images, false).comm()).isNull();
        assertThat(table.exitNamed()).isZero();
    }

    @Test
    void aRecordFromAnotherParentUidOrThreadNamesNothing() {
        shortLived(67);
        table.apply(new ProcEvent.Exit(2_300, 67, 67, 0));
        table.apply(new ProcEvent.TaskExit(2_400, 67, 67, 51, 0, "touch", 350)); // another parent
        table.apply(new ProcEvent.TaskExit(2_400, 67, 67, 50, 65534, "touch", 350)); // another user
        table.apply(new ProcEvent.TaskExit(2_400, 67, 70, 50, 0, "touch", 350)); // a thread of 70
        assertThat(table.actorOf(67, 2_200, 2_500, images, false).comm()).isNull();
    }

    @Test
    void aRecordOfALongerLifeThanThisOneNamesNothing() {
        long s = 1_000_000_000L; // realistic times: lives seconds apart
        table.apply(new ProcEvent.Fork(10 * s, 50, 68, 68));
        table.apply(new ProcEvent.Exec(10 * s + 100, 68, 68));
        table.apply(new ProcEvent.Exit(10 * s + 1_000, 68, 68, 0));
        table.apply(exit(68, "sleep", 10 * s + 2_000, 5 * s)); // ran 5 s: not this 1 µs life
        assertThat(table.actorOf(68, 10 * s + 200, 10 * s + 900, images, false).comm()).isNull();
    }

    @Test
    void aProcessWhoseProcWasReadAsItWasReapedIsStillNamedAtExit() {
        // The kernel's stat of a task being reaped says ppid 0 (its sighand is gone): seen 1 in
        // 3,000 reaps racing a reader. Such a read must not make the exit record disagree.
        table.apply(new ProcEvent.Fork(2_000, 50, 63, 63));
        fake.process(63, "touch", 0, 300, 0, "");
        table.apply(new ProcEvent.Exec(2_100, 63, 63)); // setpriv's exec, read as touch was reaped
        fake.remove(63);
        table.apply(new ProcEvent.Uid(2_150, 63, 63, 65534, 65534));
        table.apply(new ProcEvent.Exec(2_200, 63, 63)); // touch's: /proc already gone
        table.apply(new ProcEvent.Exit(2_300, 63, 63, 0));
        table.apply(new ProcEvent.TaskExit(2_400, 63, 63, 50, 65534, "touch", 350));
        var a = table.actorOf(63, 2_250, 2_500, images, false);
        assertThat(a.comm()).isEqualTo("touch");
        assertThat(a.ppid()).isEqualTo(50);
    }

    @Test
    void anOrphanIsNamedAtExitThoughItsParentChanged() {
        table.apply(new ProcEvent.Fork(2_000, 50, 70, 70)); // sh -c 'sleep 1 &'
        table.apply(new ProcEvent.Fork(2_050, 70, 71, 71));
        table.apply(new ProcEvent.Exec(2_100, 71, 71));
        table.apply(new ProcEvent.Exit(2_150, 70, 70, 0)); // sleep is reparented to init
        table.apply(new ProcEvent.Exit(2_300, 71, 71, 0));
        table.apply(new ProcEvent.TaskExit(2_400, 71, 71, 1, 0, "sleep", 350));
        assertThat(table.actorOf(71, 2_200, 2_500, images, false).comm()).isEqualTo("sleep");
    }

    @Test
    void anAncestorGoneBeforeItsExecWasReadIsNamedInTheChainByItsExitComm() {
        shortLived(80); // sh, forked by bash, gone (with its child) before its exec was read
        table.apply(new ProcEvent.Fork(2_150, 80, 81, 81));
        table.apply(new ProcEvent.Exec(2_200, 81, 81));
        table.apply(new ProcEvent.Exit(2_300, 81, 81, 0));
        table.apply(new ProcEvent.Exit(2_350, 80, 80, 0));
        table.apply(new ProcEvent.TaskExit(2_400, 81, 81, 80, 0, "touch", 250));
        table.apply(exit(80, "sh", 2_400, 400));
        var a = table.actorOf(81, 2_250, 2_500, images, true);
        assertThat(a.comm()).isEqualTo("touch");
        assertThat(a.chain()).extracting(io.fsmon.event.Actor.Ancestor::comm).containsExactly("sh", "bash");
    }
}
