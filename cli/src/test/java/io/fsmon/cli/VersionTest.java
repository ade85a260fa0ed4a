package io.fsmon.cli;

import io.fsmon.daemon.Build;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fsmon --version} names the version and the commit the build was made from. */
class VersionTest {

    @Test
    void versionNamesTheProjectVersionAndTheCommit() throws Exception {
        for (String[] args : new String[][]{{"--version"}, {"monitor", "--version"}, {"status", "--version"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, args);
            assertThat(rc).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).strip()).as(String.join(" ", args))
                    .matches("fsmon \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown)\\)");
        }
        String head = gitHead();
        if (head != null) { // built from a clone: the commit is the one checked out
            assertThat(Build.CURRENT.commit()).startsWith(head.substring(0, 12));
        }
    }

    /** HEAD's commit id, or null where this is no git checkout or git is missing. */
    private static String gitHead() throws InterruptedException {
        if (!Files.exists(Path.of(".git"))) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && s.matches("[0-9a-f]{40}") ? s : null;
        } catch (IOException e) {
            return null;
        }
    }
}
