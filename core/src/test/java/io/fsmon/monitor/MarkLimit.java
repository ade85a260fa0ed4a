package io.fsmon.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code /proc/sys/fs/fanotify/max_user_marks} lowered for a moment: a global setting, so only
 * a little below what the test needs and above what every fanotify group holds now (others keep
 * some room), and restored on close, only if still ours.
 */
public final class MarkLimit implements AutoCloseable {
    private static final Path LIMIT = Path.of("/proc/sys/fs/fanotify/max_user_marks");
    /** {@code FANOTIFY_OLD_DEFAULT_MAX_MARKS}: the kernel's default is never lower. */
    private static final long KERNEL_MINIMUM = 8192;

    private final String saved;
    private final String lowered;

    private MarkLimit(String saved, String lowered) {
        this.saved = saved;
        this.lowered = lowered;
    }

    /** Lowers the limit to the marks held now plus {@code room}; close restores it. */
    public static MarkLimit lowered(int room) throws IOException, InterruptedException {
        String saved = unlowered();
        String lowered = Long.toString(marksHeldNow() + room);
        Files.writeString(LIMIT, lowered);
        return new MarkLimit(saved, lowered);
    }

    @Override
    public void close() throws IOException {
        // Only if it is still ours: another test that lowered it meanwhile restores it itself.
        if (read().equals(lowered)) {
            Files.writeString(LIMIT, saved);
        }
    }

    /**
     * The limit as the machine has it, waiting (10 s at most) while another test has it lowered:
     * saving someone's lowered value would leave it low.
     */
    private static String unlowered() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String v = read();
            if (Long.parseLong(v) >= KERNEL_MINIMUM) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(LIMIT + " stays at " + v + ", below the kernel's minimum default "
                        + KERNEL_MINIMUM + ": something lowered it and did not restore it");
            }
            Thread.sleep(50); // polling a value another process owns: there is no signal to wait on
        }
    }

    /**
     * The sysctl's value. Not {@code Files.readString}: it reads a /proc/sys file (size 0) in two
     * reads, and the kernel answers the second at offset 1 with nothing, so it gives "2" for 205032.
     */
    private static String read() throws IOException {
        try (InputStream in = Files.newInputStream(LIMIT)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    /**
     * Marks held by every fanotify group now, from each fd's fdinfo (one {@code fanotify} line per
     * mark). An fd shared by two processes counts twice: that only leaves more room.
     */
    static long marksHeldNow() throws IOException {
        long marks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fdinfo"))) {
                    for (Path fd : fds) {
                        marks += marksIn(fd);
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        }
        return marks;
    }

    private static long marksIn(Path fdinfo) {
        try (InputStream in = Files.newInputStream(fdinfo)) {
            String s = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return s.lines().filter(l -> l.startsWith("fanotify ino:") || l.startsWith("fanotify mnt_id:")
                    || l.startsWith("fanotify sdev:")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
