package io.fsmon.log;

import io.fsmon.event.FileEvent;
import io.fsmon.monitor.EventSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends events as JSON lines to a file ({@code -o FILE}). Each batch is one {@code write(2)} of
 * whole lines, so a reader never sees a torn line from a clean stop, and what was read from the
 * kernel reaches the file at once.
 */
public final class JsonFileSink implements EventSink, AutoCloseable {
    private final JsonLines json = new JsonLines();
    private final FileChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);

    private JsonFileSink(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens {@code file} for appending, creating the file but not its folder (as a shell's
     * {@code >>} does: a typo in a folder name is an error, not a new tree), and checks that it
     * keeps what is written, so a bad {@code -o} fails before any event is watched, not at exit.
     *
     * @throws IOException the folder is missing ({@link java.nio.file.NoSuchFileException}), the
     *                     file cannot be opened for writing, or it is a file of a pseudo file
     *                     system that keeps nothing written ({@code /proc/version})
     */
    public static JsonFileSink open(Path file) throws IOException {
        return open(file, line -> { });
    }

    /**
     * As {@link #open(Path)}; moreover a new file is 0640 whatever the umask (events name every
     * user's command lines), and an existing regular file that others may read is narrowed to at
     * most 0640, said in one line to {@code diagnostics}.
     */
    public static JsonFileSink open(Path file, java.util.function.Consumer<String> diagnostics) throws IOException {
        boolean existed = Files.exists(file);
        FileChannel channel = existed
                ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(HistoryAccess.FILE));
        try {
            if (Files.isRegularFile(file)) {
                // /proc and /sys files open for writing as root but refuse the first write
                // (EIO, EINVAL); fsync(2) is refused the same way by file systems that store
                // nothing, while a real file system's fsync of an unchanged file costs nothing.
                // Pipes and devices (/dev/stdout, /dev/null) refuse fsync too, so only regular
                // files are probed.
                channel.force(false);
            }
        } catch (IOException e) {
            channel.close();
            throw new FileSystemException(file.toString(), null, "it keeps nothing written (a pseudo file such as "
                    + "/proc's or /sys's)");
        }
        try {
            String was = HistoryAccess.privateFile(file, !existed);
            if (was != null) {
                diagnostics.accept(file + " was " + was + ": narrowed to " + java.nio.file.attribute.PosixFilePermissions
                        .toString(Files.getPosixFilePermissions(file)) + " (events name every user's command lines)");
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new JsonFileSink(channel);
    }

    @Override
    public void accept(FileEvent event) throws IOException {
        json.write(event, pending);
        if (pending.size() >= 256 * 1024) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
        while (b.hasRemaining()) {
            channel.write(b);
        }
        pending.reset();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
            channel.force(false);
        } finally {
            channel.close();
        }
    }
}
