package io.fsmon.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads one process's files under {@code /proc}. Every path is built from one root, so tests
 * point it at a fake tree.
 *
 * <p>A process can vanish between any two reads, and then the kernel answers ENOENT (the
 * directory is gone) or ESRCH (it went while we held it open). Some files are also closed to us:
 * {@code exe} of another user's process is EACCES without CAP_SYS_PTRACE. All of these mean
 * "cannot be known now", so every per-process method returns an empty {@code Optional} on any
 * {@link IOException} and never throws it. Content that does not parse is a bug and throws
 * {@link IllegalArgumentException} (see {@link ProcParsers}).
 *
 * <p>Small files are read with one {@link Files#readAllBytes} each: {@code /proc} files report
 * size 0, and it reads until EOF regardless.
 */
public final class ProcFs {

    private static final String DELETED_SUFFIX = " (deleted)";

    private final Path root;

    /** Reads the real {@code /proc}. */
    public ProcFs() {
        this(Path.of("/proc"));
    }

    /** Reads a tree laid out like {@code /proc} under {@code root}. */
    public ProcFs(Path root) {
        this.root = root;
    }

    /** The root this reads, {@code /proc} unless a test chose otherwise. */
    public Path root() {
        return root;
    }

    /** {@code /proc/PID/stat}: comm, state, ppid and the start time that tells a reused pid. */
    public Optional<ProcStat> stat(int pid) {
        return readString(pid, "stat").map(ProcParsers::parseStat);
    }

    /** {@code /proc/PID/status}: real uid, tgid and ppid. */
    public Optional<Status> status(int pid) {
        return readString(pid, "status").map(ProcParsers::parseStatus);
    }

    /**
     * {@code /proc/PID/cmdline}, arguments joined by spaces; empty for kernel threads and zombies,
     * whose cmdline is empty, as well as for a vanished process.
     */
    public Optional<String> cmdline(int pid) {
        return readBytes(pid, "cmdline").map(ProcParsers::parseCmdline).filter(s -> !s.isEmpty());
    }

    /**
     * The executable, from the {@code /proc/PID/exe} link. The kernel appends
     * {@code " (deleted)"} when the file was unlinked or replaced (a package upgrade); the path
     * it ran from is what a user wants to see, so the suffix is dropped.
     */
    public Optional<String> exe(int pid) {
        try {
            String target = Files.readSymbolicLink(pidDir(pid).resolve("exe")).toString();
            if (target.endsWith(DELETED_SUFFIX)) {
                target = target.substring(0, target.length() - DELETED_SUFFIX.length());
            }
            return Optional.of(target);
        } catch (IOException e) {
            return Optional.empty(); // ENOENT for kernel threads and zombies, EACCES, vanished
        }
    }

    /** {@code /proc/PID/loginuid}; empty when unset (-1) or unreadable (kernel without audit). */
    public OptionalInt loginUid(int pid) {
        Optional<String> content = readString(pid, "loginuid");
        return content.isPresent() ? ProcParsers.parseLoginUid(content.get()) : OptionalInt.empty();
    }

    /**
     * The container identity from {@code /proc/PID/cgroup}: a short container id, or the cgroup
     * v2 path outside containers (see {@link ProcParsers#parseCgroup}).
     */
    public Optional<String> cgroup(int pid) {
        return readString(pid, "cgroup").flatMap(ProcParsers::parseCgroup);
    }

    /**
     * The pids of the processes now alive: the numeric entries of the root. (Threads are not
     * listed there, though {@code /proc/TID} can be opened.)
     *
     * @throws IOException when the root itself cannot be listed: not a vanished process but a
     *                     host without {@code /proc}
     */
    public List<Integer> pids() throws IOException {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (isPid(name)) {
                    pids.add(Integer.parseInt(name));
                }
            }
        }
        return pids;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(name) <= Integer.MAX_VALUE;
    }

    private Path pidDir(int pid) {
        return root.resolve(Integer.toString(pid));
    }

    private Optional<String> readString(int pid, String file) {
        return readBytes(pid, file).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private Optional<byte[]> readBytes(int pid, String file) {
        try {
            return Optional.of(Files.readAllBytes(pidDir(pid).resolve(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
