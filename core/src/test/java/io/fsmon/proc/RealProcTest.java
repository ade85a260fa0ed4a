package io.fsmon.proc;

import io.fsmon.event.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsers against the kernel itself, on this test's own JVM. */
@EnabledOnOs(OS.LINUX)
class RealProcTest {

    private final int pid = (int) ProcessHandle.current().pid();

    @Test
    void attributesThisJvm() throws IOException {
        // The owner of /proc/self is our uid: an independent source to compare with.
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");

        Actor actor = new ProcLookup().actorOf(pid);

        assertThat(actor.pid()).isEqualTo(pid);
        assertThat(actor.tid()).isNull();
        assertThat(actor.comm()).isEqualTo("java");
        assertThat(actor.cmd()).contains("java");
        assertThat(actor.exe()).endsWith("/java");
        assertThat(actor.uid()).isEqualTo(uid);
        assertThat(actor.ppid()).isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(actor.container()).isNotNull();
    }

    @Test
    void listsThisJvm() throws IOException {
        assertThat(new ProcFs().pids()).contains(pid).doesNotContain(0);
    }
}
