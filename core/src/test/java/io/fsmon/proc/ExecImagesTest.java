package io.fsmon.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExecImagesTest {

    @TempDir
    Path dir;

    private final ExecImages images = new ExecImages(2);

    @Test
    void theElfInterpreterIsSkipped() {
        images.opened(1, "/usr/bin/touch", 1, 2);
        images.opened(1, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", 1, 2);
        assertThat(images.latest(1)).isEqualTo(new ExecImages.Image("/usr/bin/touch", "/usr/bin/touch", 1, 2, false));
    }

    @Test
    void aScriptKeepsItsNameAndRunsItsInterpreter() throws Exception {
        Path script = Files.writeString(dir.resolve("backup-everything-nightly.sh"), "#!/bin/sh\ntrue\n");
        images.opened(1, script.toString(), 1, 2);
        images.opened(1, "/usr/bin/dash", 1, 2);
        assertThat(images.latest(1).comm()).isEqualTo("backup-everythi"); // 15 bytes, as the kernel cuts
        assertThat(images.latest(1).comm()).hasSize(15);
        assertThat(images.latest(1).exe()).isEqualTo("/usr/bin/dash");
    }

    @Test
    void aSecondBinaryIsANewExec() {
        images.opened(1, "/usr/bin/dash", 1, 2);
        images.opened(1, "/usr/bin/touch", 3, 4);
        assertThat(images.latest(1).comm()).isEqualTo("touch");
        assertThat(images.latest(1).windowStart()).isEqualTo(3);
    }

    @Test
    void aProgramASymlinkPointsAtGetsNoComm() throws Exception {
        Path dash = Files.writeString(dir.resolve("dash"), "\177ELF");
        Files.createSymbolicLink(dir.resolve("sh"), dash.getFileName());
        images.opened(1, dash.toRealPath().toString(), 1, 2);
        assertThat(images.latest(1).comm()).isNull(); // started as sh or as dash: cannot tell
        assertThat(images.latest(1).exe()).isEqualTo(dash.toRealPath().toString());
    }

    @Test
    void aProgramWithAHardLinkGetsNoCommAndALoneOneDoes() throws Exception {
        Path perl = Files.writeString(dir.resolve("perl"), "\177ELF");
        Files.createLink(dir.resolve("perl5.36.0"), perl);
        Path touch = Files.writeString(dir.resolve("touch"), "\177ELF");
        images.opened(1, perl.toRealPath().toString(), 1, 2);
        images.opened(2, touch.toRealPath().toString(), 1, 2);
        assertThat(images.latest(1).comm()).isNull(); // started as perl or as perl5.36.0
        assertThat(images.latest(2).comm()).isEqualTo("touch");
    }

    @Test
    void bounded() {
        images.opened(1, "/a", 1, 2);
        images.opened(2, "/b", 1, 2);
        images.opened(3, "/c", 1, 2);
        assertThat(images.latest(1)).isNull();
        assertThat(images.latest(3).comm()).isEqualTo("c");
    }
}
