package io.fsmon.monitor;

/**
 * The sizes' edge to the kernel: {@code statx(2)} of a name. {@code FileStatus::sizeAt} in
 * production; tests give a table of files, so the pipeline runs without root.
 */
@FunctionalInterface
interface SizeLookup {

    /**
     * The size of the file {@code name[0, length)} in the directory open as {@code dirFd}
     * ({@code AT_FDCWD} with an absolute path), not following a final symlink, or -1 when it
     * cannot be known (gone, not accessible).
     */
    long sizeAt(int dirFd, byte[] name, int length);
}
