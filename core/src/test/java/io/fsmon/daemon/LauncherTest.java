package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One source for the JVM flags: ./fsmon, the detached daemon, the systemd unit, bench/drain.sh. */
class LauncherTest {
    /** The repository: the tests run in the cli folder. */
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    @Test
    void aDaemonStartedFromTheLauncherIsStartedThroughIt() {
        assertThat(Launcher.command("/opt/fsmon/fsmon", null, "io.fsmon.cli.Main", List.of("daemon", "--detached")))
                .containsExactly("/opt/fsmon/fsmon", "daemon", "--detached");
    }

    @Test
    void otherwiseJavaReadsTheLaunchersFlagFile() throws Exception {
        Path args = Launcher.argFile().orElseThrow();
        assertThat(args).isEqualTo(PROJECT.resolve(Launcher.MONITOR_ARGS));
        List<String> cmd = Launcher.command(null, args, "io.fsmon.cli.Main", List.of("daemon"));
        assertThat(cmd.get(1)).isEqualTo("@" + args);
        assertThat(cmd.subList(cmd.size() - 2, cmd.size())).containsExactly("io.fsmon.cli.Main", "daemon");
        assertThat(Files.readAllLines(args)).contains("-Xmx64m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void theLauncherAndTheBenchmarkReadTheSameFiles() throws Exception {
        String launcher = Files.readString(PROJECT.resolve("fsmon"));
        assertThat(launcher).contains("@$here/" + Launcher.MONITOR_ARGS, "@$here/cli/src/main/jvm/history.args",
                "-Dfsmon.launcher=");
        assertThat(launcher).doesNotContain("-Xmx64m");
        assertThat(Files.readString(PROJECT.resolve("bench/drain.sh"))).contains("@$here/" + Launcher.MONITOR_ARGS);
    }

    @Test
    void anInstalledJarIsStartedThroughTheInstalledLauncher(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // the .deb's /usr/lib/fsmon/fsmon.jar and /usr/bin/fsmon, the tarball's lib/fsmon and bin
        Path jar = Files.createDirectories(dir.resolve("usr/lib/fsmon")).resolve("fsmon.jar");
        Files.writeString(jar, "");
        Path bin = Files.createDirectories(dir.resolve("usr/bin")).resolve("fsmon");
        assertThat(Launcher.installedLauncher(jar)).as("no launcher beside it").isEmpty();
        Files.writeString(bin, "#!/bin/sh\n");
        assertThat(Launcher.installedLauncher(jar)).as("not executable").isEmpty();
        bin.toFile().setExecutable(true);
        assertThat(Launcher.installedLauncher(jar)).contains(bin);
        assertThat(Launcher.installedLauncher(dir.resolve("usr/lib/fsmon"))).as("a folder of classes").isEmpty();
        Path other = Files.createDirectories(dir.resolve("usr/lib/other")).resolve("fsmon.jar");
        Files.writeString(other, "");
        assertThat(Launcher.installedLauncher(other)).as("not lib/fsmon").isEmpty();
    }

    @Test
    void fromACloneThereIsNoInstalledLauncher() {
        assertThat(Launcher.installedLauncher()).isEmpty();
    }
}
