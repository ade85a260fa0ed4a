package io.fsmon.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class ProcFsTest {

    @TempDir
    Path root;

    @Test
    void readsAProcessFromTheFakeTree() {
        new FakeProc(root).process(42, "my (cmd)", 1, 777, 1000, "my cmd --flag").exe(42, "/usr/bin/mycmd");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.stat(42)).contains(new ProcStat(42, "my (cmd)", 'S', 1, 777));
        assertThat(proc.status(42)).contains(new Status(1000, 42, 1));
        assertThat(proc.cmdline(42)).contains("my cmd --flag");
        assertThat(proc.exe(42)).contains("/usr/bin/mycmd");
        assertThat(proc.cgroup(42)).contains("/user.slice/user-1000.slice/session-3.scope");
    }

    @Test
    void missingPidIsEmptyEverywhere() {
        ProcFs proc = new ProcFs(root);
        assertThat(proc.stat(9)).isEmpty();
        assertThat(proc.status(9)).isEmpty();
        assertThat(proc.cmdline(9)).isEmpty();
        assertThat(proc.exe(9)).isEmpty();
        assertThat(proc.loginUid(9)).isEmpty();
        assertThat(proc.cgroup(9)).isEmpty();
    }

    @Test
    void unsetLoginUidIsEmptyAndSetOneIsRead() {
        FakeProc fake = new FakeProc(root).process(5, "a", 1, 1, 0, "a").process(6, "b", 1, 1, 0, "b");
        fake.write(6, "loginuid", "1000");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.loginUid(5)).isEqualTo(OptionalInt.empty());
        assertThat(proc.loginUid(6)).isEqualTo(OptionalInt.of(1000));
    }

    @Test
    void kernelThreadHasNoCmdlineNorExe() {
        new FakeProc(root).process(2, "kthreadd", 0, 1, 0, "").write(2, "cmdline", "");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.cmdline(2)).isEmpty();
        assertThat(proc.exe(2)).isEmpty();
        assertThat(proc.stat(2)).map(ProcStat::comm).contains("kthreadd");
    }

    @Test
    void deletedExecutableShowsThePathItRanFrom() {
        new FakeProc(root).process(3, "old", 1, 1, 0, "old").exe(3, "/usr/sbin/old (deleted)");
        assertThat(new ProcFs(root).exe(3)).contains("/usr/sbin/old");
    }

    @Test
    void pidsAreTheNumericEntries() throws IOException {
        new FakeProc(root).process(1, "init", 0, 1, 0, "init").process(300, "x", 1, 5, 0, "x");
        Files.createDirectories(root.resolve("self"));
        Files.createDirectories(root.resolve("sys"));
        Files.writeString(root.resolve("99999999999"), "");
        assertThat(new ProcFs(root).pids()).containsExactlyInAnyOrder(1, 300);
    }
}
