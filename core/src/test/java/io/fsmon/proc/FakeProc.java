package io.fsmon.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a fake {@code /proc/PID} tree laid out and formatted as the kernel does. */
final class FakeProc {

    private final Path root;

    FakeProc(Path root) {
        this.root = root;
    }

    /** A stat line in the kernel's format; fields after comm as a real {@code head} had them. */
    static String statLine(int pid, String comm, int ppid, long startTime) {
        return pid + " (" + comm + ") S " + ppid + " 4953 2291 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 "
                + startTime + " 2998272 382 18446744073709551615 94761093996544 94761094020649 0 0 0\n";
    }

    FakeProc process(int pid, String comm, int ppid, long startTime, int uid, String cmdline) {
        write(pid, "stat", statLine(pid, comm, ppid, startTime));
        write(pid, "status", "Name:\t" + comm + "\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + pid
                + "\nNgid:\t0\nPid:\t" + pid + "\nPPid:\t" + ppid + "\nTracerPid:\t0\nUid:\t" + uid
                + "\t" + uid + "\t" + uid + "\t" + uid + "\nGid:\t0\t0\t0\t0\n");
        write(pid, "cmdline", cmdline.replace(' ', '\0') + "\0");
        write(pid, "loginuid", "4294967295");
        write(pid, "cgroup", "0::/user.slice/user-" + uid + ".slice/session-3.scope\n");
        return this;
    }

    FakeProc exe(int pid, String target) {
        try {
            Files.createSymbolicLink(root.resolve(pid + "/exe"), Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeProc write(int pid, String file, String content) {
        try {
            Path path = root.resolve(pid + "/" + file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    void remove(int pid) {
        try (var files = Files.walk(root.resolve(Integer.toString(pid)))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
