package io.fsmon.monitor;

import io.fsmon.linux.Fanotify;
import io.fsmon.linux.NativeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the fanotify group with the richest reporting this kernel has, probing from the newest
 * flags down: target FIDs (5.17) let a new directory's handle arrive with its CREATE; directory
 * FID plus name (5.9) is the least fsmon can work with.
 *
 * @param fd          the fanotify group
 * @param targetFid   whether records of directory-entry events carry the child's own FID
 * @param rename      whether FAN_RENAME (one record with both sides of a rename) can be asked for
 */
record KernelFeatures(int fd, boolean targetFid, boolean rename) {

    /** Whether this process holds CAP_SYS_ADMIN in its effective set (CapEff of /proc/self/status). */
    static boolean hasSysAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << CAP_SYS_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No /proc: let fanotify_init decide.
        }
        return true;
    }

    /** CAP_SYS_ADMIN's bit in the capability sets of /proc/PID/status. */
    private static final int CAP_SYS_ADMIN = 21;

    static KernelFeatures open(boolean unlimitedQueue) throws MonitorException {
        // Since 5.13 an unprivileged process may open a fanotify group too, but without other
        // processes' pids and without filesystem marks: refuse up front rather than half-work.
        if (!hasSysAdmin()) {
            throw new MonitorException(MonitorException.Reason.NOT_PRIVILEGED,
                    "fsmon needs root (CAP_SYS_ADMIN) to watch with fanotify: run it with sudo");
        }
        int base = Fanotify.FAN_CLASS_NOTIF | Fanotify.FAN_CLOEXEC | Fanotify.FAN_NONBLOCK
                | Fanotify.FAN_REPORT_DFID_NAME | Fanotify.FAN_REPORT_FID
                | (unlimitedQueue ? Fanotify.FAN_UNLIMITED_QUEUE : 0);
        int eventFlags = Fanotify.O_RDONLY | Fanotify.O_CLOEXEC | Fanotify.O_LARGEFILE;
        try {
            try {
                int fd = Fanotify.init(base | Fanotify.FAN_REPORT_TARGET_FID, eventFlags);
                // FAN_RENAME arrived in the same release (5.17) as FAN_REPORT_TARGET_FID.
                return new KernelFeatures(fd, true, true);
            } catch (NativeException e) {
                if (e.errno() != NativeException.EINVAL) {
                    throw e;
                }
            }
            return new KernelFeatures(Fanotify.init(base, eventFlags), false, false);
        } catch (NativeException e) {
            if (e.errno() == NativeException.EPERM) {
                throw new MonitorException(MonitorException.Reason.NOT_PRIVILEGED,
                        "fsmon needs root (CAP_SYS_ADMIN) to watch with fanotify: run it with sudo", e);
            }
            if (e.errno() == NativeException.EINVAL || e.errno() == NativeException.ENOSYS) {
                throw new MonitorException(MonitorException.Reason.KERNEL_UNSUPPORTED,
                        "this kernel (" + System.getProperty("os.version") + ") lacks fanotify with file ids "
                                + "and names (FAN_REPORT_DFID_NAME): fsmon needs Linux 5.9 or later", e);
            }
            throw new MonitorException(MonitorException.Reason.RUNTIME, "fanotify_init failed: " + e.getMessage(), e);
        }
    }
}
