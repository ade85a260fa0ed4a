package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.proc.ProcLookup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the kernel refuses marks (the user's {@code max_user_marks} is reached), per-directory mode
 * says how many directories are not watched and names some, instead of reporting only those it
 * marked "as asked" (issue 16, case 4).
 */
class MarkLimitKernelTest extends ScratchMonitorTest {
    private static final Path LIMIT = Path.of("/proc/sys/fs/fanotify/max_user_marks");
    private static final int DIRECTORIES = 200;
    /** Marks allowed beyond those every fanotify group on the machine holds now. */
    private static final int ROOM = 20;
    /** {@code FANOTIFY_OLD_DEFAULT_MAX_MARKS}: the kernel's default is never lower. */
    private static final long KERNEL_MINIMUM = 8192;

    @Test
    void directoriesBeyondTheMarkLimitAreCountedAndNamed() throws Exception {
        Shell.sh(root, "i=0; while [ $i -lt " + DIRECTORIES + " ]; do mkdir d$i; i=$((i+1)); done");
        List<String> diagnostics = new ArrayList<>();
        MonitorConfig config = new MonitorConfig(List.of(root), true, EventType.DEFAULTS, null,
                MonitorConfig.MarkMode.INODE, false);
        String saved = unloweredLimit();
        // A global setting: lowered only while the marks are placed (well under a second), and a
        // little above what all groups hold now, so other fanotify users keep some room.
        String lowered = Long.toString(marksHeldNow() + ROOM);
        Files.writeString(LIMIT, lowered);
        try {
            monitor = Monitor.start(config, rec, new ProcLookup()::actorOf, diagnostics::add);
        } finally {
            // Only if it is still ours: another test that lowered it meanwhile restores it itself.
            if (readLimit().equals(lowered)) {
                Files.writeString(LIMIT, saved);
            }
        }
        String how = diagnostics.stream().filter(l -> l.startsWith("watching " + root)).findFirst().orElseThrow();
        Matcher placed = Pattern.compile("through (\\d+) inode marks").matcher(how);
        assertThat(placed.find()).as(how).isTrue();
        String missed = diagnostics.stream().filter(l -> l.startsWith("NOT watching")).findFirst()
                .orElseThrow(() -> new AssertionError("no NOT watching line in " + diagnostics));
        Matcher count = Pattern.compile("^NOT watching (\\d+) directories under " + Pattern.quote(root.toString())
                + " \\(fanotify_mark: ENOSPC: the limit /proc/sys/fs/fanotify/max_user_marks is reached\\): "
                + "(/\\S+, ){4}/\\S+ and (\\d+) more$").matcher(missed);
        assertThat(count.find()).as(missed).isTrue();
        long notMarked = Long.parseLong(count.group(1));
        // Every directory is either marked or counted: none is lost without a word.
        assertThat(Long.parseLong(placed.group(1)) + notMarked).isEqualTo(DIRECTORIES + 1);
        assertThat(Long.parseLong(count.group(3))).isEqualTo(notMarked - 5);
        assertThat(monitor.unwatchedDirectories()).isEqualTo(notMarked);
        assertThat(monitor.watching()).contains(missed);
    }

    /**
     * The limit as the machine has it, waiting (10 s at most) while another test has it lowered:
     * the kernel never sets it below 8192, and saving someone's lowered value would leave it low.
     */
    private static String unloweredLimit() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String v = readLimit();
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
    private static String readLimit() throws IOException {
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
        try {
            String s = new String(Files.readAllBytes(fdinfo), StandardCharsets.US_ASCII);
            return s.lines().filter(l -> l.startsWith("fanotify ino:") || l.startsWith("fanotify mnt_id:")
                    || l.startsWith("fanotify sdev:")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
