package io.fsmon.monitor;

/**
 * The path resolver's edge to the kernel: objects opened by file handle. {@link KernelHandles}
 * in production ({@code open_by_handle_at(2)} on a mount fd, {@code /proc/self/fd} for the path);
 * tests give a table of handles instead, so the pipeline runs without root.
 */
interface HandleOpener extends AutoCloseable {

    /**
     * The absolute path of the object with handle {@code key} as the kernel names it now (a
     * deleted object's last path), or null when it cannot be opened (ESTALE once it is gone,
     * EOPNOTSUPP where handles are not decodable, no mount fd for its filesystem).
     */
    String path(HandleKey key);

    /** An {@code O_PATH} fd of directory {@code key}, owned by the caller (closed by {@link #close(int)}), or -1. */
    int openDirectory(HandleKey key);

    /** Closes an fd {@link #openDirectory} returned. */
    void close(int fd);

    /** Releases what the opener keeps open (mount fds). */
    @Override
    default void close() {
    }
}
