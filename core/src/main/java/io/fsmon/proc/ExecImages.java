package io.fsmon.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each pid last exec'd, learnt from fanotify's {@code FAN_OPEN_EXEC} records: the one
 * source that names a process which exited before anyone could read {@code /proc} (measured: 100 %
 * of 200 {@code touch} runs, against 68–93 % for a {@code /proc} read right after the connector's
 * exec message).
 *
 * <p>One execve opens several files with {@code FMODE_EXEC}: the program, then its ELF
 * interpreter ({@code ld-linux-x86-64.so.2}); for a script, the script, then the interpreter
 * named by its {@code #!} line, then that one's ELF interpreter. The kernel's comm is the basename
 * of the first (the path given to execve), {@code /proc/PID/exe} is the last that is not an ELF
 * interpreter. So ELF interpreters are skipped, and a record that follows a script is taken as
 * its interpreter rather than as a new exec.
 *
 * <p>fanotify shows the file after symlinks; the kernel's comm comes from the name execve was
 * given. {@code /bin/sh} runs {@code dash} with comm {@code sh}. So a program that another name
 * in its own directory leads to (a symlink or a hard link) gets no comm from here (only its exe):
 * unknown, not a wrong name. (A link elsewhere, such as {@code /etc/alternatives}, is not seen:
 * a known residual.)
 *
 * <p>Owned by the fanotify reader thread: records arrive in the order the kernel queued them, so
 * the latest image of a pid is the one running when its later records were made. Bounded (LRU).
 */
public final class ExecImages {

    /** The kernel cuts comm to TASK_COMM_LEN - 1 bytes. */
    static final int COMM_BYTES = 15;

    /**
     * One exec as fanotify showed it.
     *
     * @param program     the file execve was given (after symlinks), which names comm
     * @param exe         the executable that runs: the program, or a script's interpreter
     * @param windowStart a moment before the exec began: the start of the fanotify read before the one that
     *                    returned it ({@link System#nanoTime})
     * @param readAt      a moment after it began: when the read returned it
     * @param aliased     whether another name in the program's directory leads to it (a symlink
     *                    or a hard link), so the process may have been started under that name
     */
    public record Image(String program, String exe, long windowStart, long readAt, boolean aliased) {
        /**
         * The comm the kernel gives a process exec'ing {@code program}: its basename cut to 15
         * bytes; null when it may have been started through a symlink.
         */
        public String comm() {
            return aliased ? null : commOf(program);
        }
    }

    /**
     * Per directory, the names that share their file (by device and inode, symlinks followed)
     * with another name there; few directories hold executables.
     */
    private final Map<String, Set<String>> aliasedNames = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > 64;
        }
    };

    private final Map<Integer, Image> byPid;

    /** At most {@code maxEntries} pids are remembered; the least recently exec'ing is dropped. */
    public ExecImages(int maxEntries) {
        this.byPid = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Image> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** A {@code FAN_OPEN_EXEC} of {@code path} by {@code pid}, read in the window given. */
    public void opened(int pid, String path, long windowStart, long readAt) {
        if (path == null || isElfInterpreter(path)) {
            return;
        }
        Image last = byPid.get(pid);
        if (last != null && last.program().equals(last.exe()) && isScript(last.exe())) {
            byPid.put(pid, new Image(last.program(), path, last.windowStart(), last.readAt(), last.aliased()));
            return;
        }
        byPid.remove(pid); // re-insert so insertion order is recency
        byPid.put(pid, new Image(path, path, windowStart, readAt, hasOtherNames(path)));
    }

    /**
     * Whether another name in {@code path}'s directory leads to the same file: a symlink (sh to
     * dash) or a hard link. The directory is listed once, with one stat per name (following
     * symlinks), and each exec then costs a set lookup; resolving each symlink's real path instead
     * cost a readlink per path component, 3,300 syscalls for /usr/bin on the reader thread, and
     * missed hard links.
     */
    private boolean hasOtherNames(String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash <= 0 ? "/" : path.substring(0, slash);
        return aliasedNames.computeIfAbsent(dir, ExecImages::aliasedIn).contains(path.substring(slash + 1));
    }

    /** The names in {@code dir} whose file has another name there too; nothing is asked per exec. */
    private static Set<String> aliasedIn(String dir) {
        Map<Object, List<String>> namesByFile = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(dir))) {
            for (Path name : entries) {
                Object file = fileKey(name);
                if (file != null) {
                    namesByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(name.getFileName().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: no known aliases
        }
        Set<String> aliased = new HashSet<>();
        for (List<String> names : namesByFile.values()) {
            if (names.size() > 1) {
                aliased.addAll(names);
            }
        }
        return aliased;
    }

    /** The file's device and inode (symlinks followed), or null when it cannot be reached. */
    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException e) {
            return null; // gone, a dangling link, or unreadable
        }
    }

    /** The latest exec of {@code pid} fanotify showed, or null. */
    public Image latest(int pid) {
        return byPid.get(pid);
    }

    /** {@code ld-linux-x86-64.so.2}, {@code ld-musl-x86_64.so.1}, {@code ld-2.31.so}, {@code ld.so}. */
    static boolean isElfInterpreter(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith("ld-") && name.contains(".so") || name.startsWith("ld.so");
    }

    /** Whether the file starts with {@code #!}; a file that cannot be read is taken as a binary. */
    static boolean isScript(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == '#' && head[1] == '!';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The basename of {@code path}, cut to 15 bytes as the kernel cuts comm. */
    static String commOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return b.length <= COMM_BYTES ? name : new String(Arrays.copyOf(b, COMM_BYTES), StandardCharsets.UTF_8);
    }
}
