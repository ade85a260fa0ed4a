package io.fsmon.proc;

import io.fsmon.event.Actor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProcLookupTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(42 * SECOND);
    private FakeProc fake;
    private ProcLookup table;

    @BeforeEach
    void setUp() throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"),
                "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        fake = new FakeProc(dir.resolve("proc"));
        table = new ProcLookup(new ProcFs(dir.resolve("proc")), new UserNames(passwd, nanos::get),
                nanos::get, Duration.ofSeconds(1), 3);
    }

    @Test
    void fillsEveryField() {
        fake.process(100, "vim", 99, 5000, 1000, "vim notes.txt").exe(100, "/opt/editors/vim.basic")
                .write(100, "loginuid", "0");
        assertThat(table.actorOf(100)).isEqualTo(new Actor(100, null, 99, "vim", "vim notes.txt",
                "/opt/editors/vim.basic", 1000, "alice", 0, "root",
                "/user.slice/user-1000.slice/session-3.scope"));
    }

    @Test
    void aBurstReadsProcOnce() {
        fake.process(100, "vim", 99, 5000, 1000, "vim a");
        Actor first = table.actorOf(100);
        fake.remove(100); // a second read would now find nothing
        nanos.addAndGet(SECOND / 2);
        assertThat(table.actorOf(100)).isSameAs(first);
    }

    @Test
    void aVanishedProcessKeepsItsEntry() {
        fake.process(100, "vim", 99, 5000, 1000, "vim a");
        Actor first = table.actorOf(100);
        fake.remove(100);
        nanos.addAndGet(5 * SECOND);
        assertThat(table.actorOf(100)).isSameAs(first);
    }

    @Test
    void aReusedPidIsReadAfresh() {
        fake.process(100, "vim", 99, 5000, 1000, "vim a");
        assertThat(table.actorOf(100).comm()).isEqualTo("vim");
        fake.process(100, "vim", 1, 9000, 0, "vim b"); // same comm, another process
        nanos.addAndGet(2 * SECOND);
        Actor second = table.actorOf(100);
        assertThat(second.cmd()).isEqualTo("vim b");
        assertThat(second.user()).isEqualTo("root");
    }

    @Test
    void unchangedStartTimeIsTrustedAgain() {
        fake.process(100, "vim", 99, 5000, 1000, "vim a");
        Actor first = table.actorOf(100);
        fake.write(100, "cmdline", "changed\0"); // only stat is re-read on revalidation
        nanos.addAndGet(2 * SECOND);
        assertThat(table.actorOf(100)).isSameAs(first);
    }

    @Test
    void anExecIsSeenThroughComm() {
        fake.process(100, "bash", 99, 5000, 1000, "bash");
        assertThat(table.actorOf(100).comm()).isEqualTo("bash");
        fake.process(100, "touch", 99, 5000, 1000, "touch f"); // execve keeps pid and start time
        nanos.addAndGet(2 * SECOND);
        assertThat(table.actorOf(100).cmd()).isEqualTo("touch f");
    }

    @Test
    void unknownPidIsUnknownAndNotCached() {
        assertThat(table.actorOf(555)).isEqualTo(Actor.unknown(555));
        assertThat(table.size()).isZero();
    }

    @Test
    void aThreadIdReportsItsProcess() {
        fake.process(100, "java", 1, 5000, 0, "java -jar x");
        fake.process(101, "GC Thread", 1, 5001, 0, "java -jar x")
                .write(101, "status", "Tgid:\t100\nPid:\t101\nPPid:\t1\nUid:\t0\t0\t0\t0\n");
        Actor actor = table.actorOf(101);
        assertThat(actor.pid()).isEqualTo(100);
        assertThat(actor.tid()).isEqualTo(101);
    }

    @Test
    void forgetAndPut() {
        fake.process(100, "bash", 99, 5000, 1000, "bash");
        table.actorOf(100);
        Actor fed = new Actor(100, null, 99, "touch", "touch f", "/usr/bin/touch", 1000, "alice",
                null, null, null);
        assertThat(table.put(100, fed, 5000).comm()).isEqualTo("bash");
        assertThat(table.actorOf(100)).isSameAs(fed);
        table.forget(100);
        assertThat(table.actorOf(100).comm()).isEqualTo("bash");
    }

    @Test
    void leastRecentlyUsedIsEvicted() {
        for (int pid = 1; pid <= 4; pid++) {
            fake.process(pid, "p" + pid, 0, pid, 0, "p");
        }
        table.actorOf(1);
        table.actorOf(2);
        table.actorOf(3);
        table.actorOf(1); // 2 is now the eldest
        table.actorOf(4);
        assertThat(table.size()).isEqualTo(3);
        fake.remove(2);
        assertThat(table.actorOf(2)).isEqualTo(Actor.unknown(2));
        fake.remove(1);
        assertThat(table.actorOf(1).comm()).isEqualTo("p1");
    }
}
