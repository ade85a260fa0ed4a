package io.fsmon.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * fsmon run as uid/gid 65534 (nobody/nogroup) with no supplementary groups. Root's Maven
 * repository is not readable for that user, so the classes and the two runtime jars are copied
 * into a world-readable folder first.
 */
final class Nobody {
    private Nobody() {
    }

    record Run(int code, List<String> err, String out) {
    }

    static List<String> classPath(Path jail) throws IOException, URISyntaxException {
        Files.createDirectories(jail);
        List<String> cp = new ArrayList<>();
        // the command's classes (picocli compiled into them, see pom.xml), the library's, and Jackson
        List<Path> seen = new ArrayList<>();
        for (Class<?> c : List.of(Main.class, io.fsmon.event.FileEvent.class, picocli.CommandLine.class,
                com.fasterxml.jackson.core.JsonFactory.class)) {
            Path code = codeSource(c);
            if (seen.contains(code)) {
                continue; // picocli is compiled into the command's classes
            }
            seen.add(code);
            Path t = jail.resolve(Files.isDirectory(code) ? "classes" + seen.size() : code.getFileName().toString());
            if (Files.isDirectory(code)) {
                try (Stream<Path> s = Files.walk(code)) {
                    for (Path p : s.toList()) {
                        Path copy = t.resolve(code.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(code, t, StandardCopyOption.REPLACE_EXISTING);
            }
            cp.add(t.toString());
        }
        try (Stream<Path> s = Files.walk(jail)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return cp;
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static Run run(List<String> cp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                ProcessHandle.current().info().command().orElseThrow(), "-XX:-UsePerfData", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(":", cp), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile());
        pb.environment().put("HOME", "/nonexistent");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fsmon as nobody did not end");
        }
        return new Run(p.exitValue(), err.lines().toList(), out);
    }
}
