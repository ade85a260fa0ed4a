package io.fsmon.proc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure parsers for the {@code /proc} files fsmon reads. They take the file's content, never a
 * path, so every quirk is tested on literal inputs without a process behind it.
 *
 * <p>The kernel's formats are ABI: content that does not parse is a bug (in a fake tree or here),
 * so the parsers throw {@link IllegalArgumentException} rather than guess.
 */
public final class ProcParsers {

    /** {@code /proc/PID/loginuid} of a process no login ever set: (uid_t) -1. */
    static final long LOGIN_UID_UNSET = 4294967295L;

    /**
     * A 64-hex container id as the runtimes name their cgroups: {@code docker-<id>.scope},
     * {@code cri-containerd-<id>.scope}, {@code crio-<id>.scope}, {@code libpod-<id>.scope}
     * (systemd driver), or a bare {@code /<id>} path segment ({@code /docker/<id>}, and
     * {@code /kubepods/.../<id>} with the cgroupfs driver).
     */
    private static final Pattern CONTAINER_ID = Pattern.compile(
            "(?:docker-|cri-containerd-|crio-|libpod-|/)([0-9a-f]{64})(?=\\.scope|/|$)");

    /** Short ids are what {@code docker ps}, {@code crictl ps} and {@code podman ps} print. */
    private static final int SHORT_ID_LENGTH = 12;

    private ProcParsers() {
    }

    /**
     * Parses {@code /proc/PID/stat}. {@code comm} is whatever lies between the first {@code (} and
     * the <em>last</em> {@code )}: a process may name itself {@code "(a) b)"} (prctl PR_SET_NAME),
     * so neither the first {@code )} nor a split on spaces finds its end. The fields after it are
     * single-space separated; numbering follows proc_pid_stat(5), where comm is field 2.
     */
    public static ProcStat parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 1 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(stat));
        }
        // rest[0] is field 3 (state), so field n is rest[n - 3].
        String[] rest = stat.substring(close + 1).strip().split(" ");
        if (rest.length < 22 - 3 + 1 || rest[0].length() != 1) {
            throw new IllegalArgumentException("short /proc/PID/stat line: " + abbreviate(stat));
        }
        try {
            int pid = Integer.parseInt(stat.substring(0, open).strip());
            return new ProcStat(pid, stat.substring(open + 1, close), rest[0].charAt(0),
                    Integer.parseInt(rest[4 - 3]), Long.parseLong(rest[22 - 3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in /proc/PID/stat: " + abbreviate(stat), e);
        }
    }

    /**
     * Parses {@code /proc/PID/status} for the real uid (first of the four numbers on the
     * {@code Uid:} line: real, effective, saved, filesystem), {@code Tgid:} and {@code PPid:}.
     */
    public static Status parseStatus(String status) {
        Integer uid = null;
        Integer tgid = null;
        Integer ppid = null;
        try {
            for (String line : status.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String value = line.substring(colon + 1).strip();
                switch (line.substring(0, colon)) {
                    case "Uid" -> uid = Integer.parseUnsignedInt(value.split("\\s+")[0]);
                    case "Tgid" -> tgid = Integer.parseInt(value);
                    case "PPid" -> ppid = Integer.parseInt(value);
                    default -> { }
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in /proc/PID/status", e);
        }
        if (uid == null || tgid == null || ppid == null) {
            throw new IllegalArgumentException("/proc/PID/status lacks Uid, Tgid or PPid");
        }
        return new Status(uid, tgid, ppid);
    }

    /**
     * Parses {@code /proc/PID/cmdline}: arguments separated by NUL, joined here by single spaces.
     * Trailing NULs are dropped: normally there is one, but a process that rewrote its argv
     * (setproctitle) may leave padding. Bytes are decoded as UTF-8, invalid ones replaced.
     *
     * @return the command line, or {@code ""} when the file is empty, as it is for kernel threads
     *         and zombies
     */
    public static String parseCmdline(byte[] cmdline) {
        int end = cmdline.length;
        while (end > 0 && cmdline[end - 1] == 0) {
            end--;
        }
        byte[] joined = new byte[end];
        for (int i = 0; i < end; i++) {
            joined[i] = cmdline[i] == 0 ? (byte) ' ' : cmdline[i];
        }
        return new String(joined, StandardCharsets.UTF_8);
    }

    /**
     * Parses {@code /proc/PID/loginuid}.
     *
     * @return the audit login uid, or empty when it is unset ({@value #LOGIN_UID_UNSET}, i.e. -1:
     *         daemons started at boot and processes of a container without audit)
     */
    public static OptionalInt parseLoginUid(String loginUid) {
        long value;
        try {
            value = Long.parseLong(loginUid.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad /proc/PID/loginuid: " + abbreviate(loginUid), e);
        }
        return value == LOGIN_UID_UNSET ? OptionalInt.empty() : OptionalInt.of((int) value);
    }

    /**
     * Turns {@code /proc/PID/cgroup} into a container identity: the short (12 hex) id when any
     * line's path names a container, otherwise the cgroup v2 path (the {@code 0::} line), such as
     * {@code /user.slice/user-0.slice/session-3.scope}, which still tells a session from a
     * service. Every line is searched because on a hybrid (v1 + v2) host the container id may
     * only appear in a v1 controller's path.
     *
     * @return the identity, or empty on a v1-only host outside any container
     */
    public static Optional<String> parseCgroup(String cgroup) {
        String v2Path = null;
        for (String line : cgroup.split("\n")) {
            // hierarchy-ID:controller-list:path; the path itself may contain ':'.
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            Matcher m = CONTAINER_ID.matcher(parts[2]);
            if (m.find()) {
                return Optional.of(m.group(1).substring(0, SHORT_ID_LENGTH));
            }
            if (v2Path == null && parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2].strip();
            }
        }
        return Optional.ofNullable(v2Path);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
