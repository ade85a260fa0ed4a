package io.fsmon.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts of {@code /proc/self/mountinfo}, to tell the user which filesystems mounted inside
 * a watched tree are not watched: a mark (filesystem or per-directory) covers one filesystem, and
 * a tree that spans several would otherwise look watched where it is not.
 */
final class Mounts {
    /** One mount: its device ({@code major:minor}), where it is mounted, and its filesystem type. */
    record Mount(String device, String mountPoint, String fsType) {
    }

    private Mounts() {
    }

    /** Parses mountinfo text (man 5 proc_pid_mountinfo); lines it cannot read are skipped. */
    static List<Mount> parse(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 6 || dash + 1 >= f.length) {
                continue;
            }
            out.add(new Mount(f[2], unescape(f[4]), f[dash + 1]));
        }
        return out;
    }

    /** The kernel writes space, tab, newline and backslash in mount points as {@code \ooo}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The mounts strictly below {@code root} whose device differs from the one {@code root} is on,
     * as {@code "/mnt/x (tmpfs)"}; the last mount on a mount point wins, as the kernel shows it.
     */
    static List<String> otherFilesystemsBelow(List<Mount> mounts, String root) {
        String prefix = root.equals("/") ? "/" : root + "/";
        String rootDevice = null;
        String best = "";
        for (Mount m : mounts) {
            if ((root.equals(m.mountPoint()) || root.startsWith(m.mountPoint().equals("/") ? "/" : m.mountPoint() + "/")
                    || m.mountPoint().equals("/")) && m.mountPoint().length() >= best.length()) {
                best = m.mountPoint();
                rootDevice = m.device();
            }
        }
        List<String> out = new ArrayList<>();
        for (Mount m : mounts) {
            if (m.mountPoint().startsWith(prefix) && !m.mountPoint().equals(root) && !m.device().equals(rootDevice)) {
                String s = m.mountPoint() + " (" + m.fsType() + ")";
                out.remove(s);
                out.add(s);
            }
        }
        return out;
    }

    /** The mounts of this process, or none when /proc cannot be read. */
    static List<Mount> current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return List.of();
        }
    }
}
