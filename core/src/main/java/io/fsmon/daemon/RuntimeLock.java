package io.fsmon.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A daemon's claim on its runtime directory: one daemon per runtime directory, held by a lock on
 * {@code fsmon.lock} (which holds the pid). Taking it creates the directory with its permissions.
 */
final class RuntimeLock {
    private static final String LOCK_FILE = "fsmon.lock";

    private final FileChannel channel;
    /** Held for the daemon's life; closing {@link #channel} releases it. */
    private final FileLock lock;

    private RuntimeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Prepares the runtime directory, takes its lock and writes our pid into the lock file. */
    static RuntimeLock acquire(Path runtime, String group) throws DaemonException {
        try {
            prepareRuntimeDir(runtime, group);
            Path lockFile = runtime.resolve(LOCK_FILE);
            FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                lockChannel.close();
                throw new DaemonException(DaemonException.Reason.ALREADY_RUNNING,
                        "a daemon is already running (pid " + runningPid(runtime).map(String::valueOf).orElse("unknown")
                                + ", runtime directory " + runtime + ")");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            lockChannel.force(true);
            return new RuntimeLock(lockChannel, lock);
        } catch (IOException e) {
            throw new DaemonException(DaemonException.Reason.FAILURE, "cannot prepare " + runtime + ": " + e.getMessage(), e);
        }
    }

    /** The pid written in a runtime directory's lock file while its daemon holds the lock. */
    static Optional<Long> runningPid(Path runtime) {
        try {
            return Optional.of(Long.parseLong(Files.readString(runtime.resolve(LOCK_FILE)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void prepareRuntimeDir(Path dir, String group) throws IOException {
        Files.createDirectories(dir);
        // 0700 keeps everyone else out; with a reading group, 0750 and that group let its
        // members reach the socket, where the peer-credential check decides what they may do.
        if (group == null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } else {
            PosixFileAttributeView v = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            v.setGroup(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        }
    }

    void release() {
        try {
            channel.close(); // releases the lock
        } catch (IOException ignored) {
            // the kernel drops the lock with the process anyway
        }
    }
}
