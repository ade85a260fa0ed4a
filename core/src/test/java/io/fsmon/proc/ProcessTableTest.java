package io.fsmon.proc;

import io.fsmon.event.Actor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The table on a fake {@code /proc} fed with fabricated connector events. */
class ProcessTableTest {

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000);
    private FakeProc fake;
    private ProcessTable table;
    private final ExecImages images = new ExecImages(100);

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeProc(dir.resolve("proc"));
        fake.process(1, "init", 0, 1, 0, "/sbin/init");
        fake.process(50, "bash", 1, 100, 1000, "bash").write(50, "loginuid", "1000");
        Map<Integer, String> db = Map.of(0, "root", 1000, "alice", 65534, "nobody");
        table = new ProcessTable(new ProcFs(dir.resolve("proc")), new UserNames(db::get, nanos::get),
                nanos::get, Duration.ofSeconds(30), 100);
        table.fill();
    }

    @Test
    void aScannedProcessIsKnownWithEveryField() {
        Actor a = table.actorOf(50, 0, 2_000, images, true);
        assertThat(a).isEqualTo(new Actor(50, null, 1, "bash", "bash", null, 1000, "alice", 1000, "alice",
                "/user.slice/user-1000.slice/session-3.scope", java.util.List.of(new Actor.Ancestor(1, "init", "root"))));
    }

    @Test
    void aForkInheritsAndAnExecReadsProc() {
        table.apply(new ProcEvent.Fork(2_000, 50, 60, 60));
        Actor forked = table.actorOf(60, 2_000, 2_500, images, false);
        assertThat(forked.comm()).isEqualTo("bash");
        assertThat(forked.loginUser()).isEqualTo("alice"); // inherited through the fork
        fake.process(60, "vim", 50, 200, 1000, "vim notes");
        table.apply(new ProcEvent.Exec(3_000, 60, 60));
        fake.remove(60);
        Actor a = table.actorOf(60, 3_000, 3_500, images, true);
        assertThat(a.comm()).isEqualTo("vim");
        assertThat(a.cmd()).isEqualTo("vim notes");
        assertThat(a.chain()).extracting(Actor.Ancestor::comm).containsExactly("bash", "init");
    }

    @Test
    void aProcessGoneBeforeItsExecWasReadIsNamedFromItsImageOrNotAtAll() {
        table.apply(new ProcEvent.Fork(2_000, 50, 61, 61));
        table.apply(new ProcEvent.Exec(3_000, 61, 61)); // /proc/61 does not exist: it already exited
        table.apply(new ProcEvent.Exit(3_100, 61, 61, 0));
        Actor unknownName = table.actorOf(61, 3_050, 4_000, images, false);
        assertThat(unknownName.comm()).isNull(); // never bash's inherited name
        assertThat(unknownName.user()).isEqualTo("alice"); // uid survives exec
        images.opened(61, "/usr/bin/touch", 2_500, 2_900);
        images.opened(61, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", 2_500, 2_900);
        Actor named = table.actorOf(61, 3_050, 4_000, images, false);
        assertThat(named.comm()).isEqualTo("touch");
        assertThat(named.exe()).isEqualTo("/usr/bin/touch");
    }

    @Test
    void anImageReadInAWindowStartingBeforeTheForkNamesTheOnlyLifeOfItsPid() {
        table.apply(new ProcEvent.Fork(2_000, 50, 64, 64));
        images.opened(64, "/usr/bin/mv", 1_900, 2_200); // the read began before the fork
        table.apply(new ProcEvent.Exec(2_100, 64, 64)); // gone before /proc could be read
        table.apply(new ProcEvent.Exit(2_150, 64, 64, 0));
        assertThat(table.actorOf(64, 1_900, 2_200, images, false).comm()).isEqualTo("mv");
    }

    @Test
    void anImageWhoseWindowTwoLivesOverlapNamesNeither() {
        table.apply(new ProcEvent.Fork(1_500, 50, 65, 65));
        table.apply(new ProcEvent.Exit(1_950, 65, 65, 0));
        table.apply(new ProcEvent.Fork(2_000, 50, 65, 65));
        images.opened(65, "/usr/bin/mv", 1_900, 2_200); // the first life may have opened it
        table.apply(new ProcEvent.Exec(2_100, 65, 65));
        assertThat(table.actorOf(65, 1_990, 2_200, images, false).comm()).isNull();
    }

    @Test
    void anImageOfAnEarlierExecDoesNotNameALaterOne() {
        table.apply(new ProcEvent.Fork(2_000, 50, 62, 62));
        images.opened(62, "/usr/bin/dash", 2_100, 2_200);
        table.apply(new ProcEvent.Exec(2_300, 62, 62)); // read failed
        table.apply(new ProcEvent.Exec(2_600, 62, 62)); // from a filesystem fanotify does not watch
        assertThat(table.actorOf(62, 2_600, 3_000, images, false).comm()).isNull();
    }

    @Test
    void anExecTheTableHasNotHandledYetIsNamedFromItsImage() {
        table.apply(new ProcEvent.Fork(2_000, 50, 63, 63));
        images.opened(63, "/usr/bin/rm", 2_100, 2_200); // connector message still on its way
        assertThat(table.actorOf(63, 2_100, 2_200, images, false).comm()).isEqualTo("rm");
    }

    @Test
    void aReusedPidNeverGivesTheNewcomersName() {
        table.apply(new ProcEvent.Fork(2_000, 50, 70, 70));
        fake.process(70, "make", 50, 300, 1000, "make");
        table.apply(new ProcEvent.Exec(2_100, 70, 70));
        table.apply(new ProcEvent.Exit(2_500, 70, 70, 0));
        table.apply(new ProcEvent.Fork(2_600, 1, 70, 70)); // the pid comes back for another process
        fake.process(70, "sshd", 1, 400, 0, "sshd");
        table.apply(new ProcEvent.Exec(2_700, 70, 70));
        // Read in a window that ended before the newcomer's fork: only make can have done it.
        assertThat(table.actorOf(70, 2_000, 2_550, images, false).comm()).isEqualTo("make");
        // Read after it, from a window both lives overlap: it may have been either, so neither is named.
        Actor either = table.actorOf(70, 2_400, 2_800, images, false);
        assertThat(either).isEqualTo(Actor.unknown(70));
        assertThat(table.ambiguous()).isEqualTo(1);
        // Read in a window after make's exit: the newcomer.
        assertThat(table.actorOf(70, 2_550, 2_900, images, false).comm()).isEqualTo("sshd");
    }

    @Test
    void uidAndCommChangesFollowTheConnector() {
        table.apply(new ProcEvent.Fork(2_000, 50, 80, 80));
        table.apply(new ProcEvent.Uid(2_100, 80, 80, 65534, 65534));
        table.apply(new ProcEvent.Comm(2_200, 80, 80, "worker"));
        Actor a = table.actorOf(80, 2_200, 2_300, images, false);
        assertThat(a.user()).isEqualTo("nobody");
        assertThat(a.comm()).isEqualTo("worker");
    }

    @Test
    void exitedProcessesAreDroppedAfterTheGracePeriodAndBounded() {
        for (int pid = 1000; pid < 1200; pid++) {
            table.apply(new ProcEvent.Fork(2_000, 50, pid, pid));
            table.apply(new ProcEvent.Exit(2_100, pid, pid, 0));
        }
        assertThat(table.size()).isEqualTo(2 + 100);
        nanos.set(2_100 + Duration.ofSeconds(31).toNanos());
        table.apply(new ProcEvent.Fork(nanos.get(), 50, 2000, 2000));
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void threadsAreNotProcesses() {
        table.apply(new ProcEvent.Fork(2_000, 50, 90, 50));
        table.apply(new ProcEvent.Exit(2_100, 90, 50, 0));
        assertThat(table.actorOf(50, 2_100, 2_200, images, false).comm()).isEqualTo("bash");
        assertThat(table.actorOf(90, 2_000, 2_200, images, false)).isEqualTo(Actor.unknown(90));
    }
}
