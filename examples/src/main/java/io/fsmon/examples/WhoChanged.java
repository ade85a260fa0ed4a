package io.fsmon.examples;

import io.fsmon.api.FileWatcher;
import io.fsmon.api.FsmonException;
import io.fsmon.api.OutputFormat;
import java.nio.file.Path;

/**
 * Who changed what under a folder: one line per event, with the process and the user behind it,
 * until Ctrl-C or SIGTERM. Watching needs root, and the JVM needs native access for the library:
 *
 * <pre>
 * sudo java --enable-native-access=ALL-UNNAMED -cp 'target/classes:target/lib/*' io.fsmon.examples.WhoChanged /srv/app
 * </pre>
 */
public final class WhoChanged {
    private WhoChanged() {
    }

    /**
     * Watches the folder given as the only argument, and everything under it.
     *
     * @param args the folder
     * @throws InterruptedException if the main thread is interrupted while it waits
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: WhoChanged FOLDER   (as root; Ctrl-C stops)");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        try (FileWatcher watcher = FileWatcher.builder()
                .watch(folder, true)
                .start(e -> System.out.println(OutputFormat.HUMAN.format(e)))) {
            // start() has returned: every mark is placed, and a change made from now on is reported
            // with its process. On Ctrl-C or SIGTERM, close() delivers what the kernel holds, then stops.
            Runtime.getRuntime().addShutdownHook(new Thread(watcher::close));
            System.err.println("ready: watching " + folder + " and everything under it; Ctrl-C stops");
            watcher.awaitTermination();
            if (watcher.failure().isPresent()) {
                System.err.println("WhoChanged: stopped: " + watcher.failure().get().getMessage());
                System.exit(1);
            }
        } catch (FsmonException e) {
            // not root, no such folder, a kernel without fanotify file ids: a sentence to act on
            System.err.println("WhoChanged: " + e.getMessage());
            System.exit(1);
        }
    }
}
