package io.fsmon.examples;

import io.fsmon.api.FsmonException;
import io.fsmon.api.History;
import io.fsmon.event.FileEvent;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The last change of every file in the history fsmon's daemon writes, with who made it, like
 * {@code fsmon changes}. Needs neither root nor a running daemon, only read access to the folder:
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' io.fsmon.examples.LastChanges /var/lib/fsmon/history --since 2h --path '/etc/**'
 * </pre>
 */
public final class LastChanges {
    private LastChanges() {
    }

    /**
     * Prints the latest event of every path in a history folder.
     *
     * @param args the history folder, then optionally {@code --since} (as {@code fsmon query}
     *             takes it: {@code 90m}, {@code 2h}, {@code 7d}, {@code 2026-05-01 10:00},
     *             {@code 2026-05-01T10:00:00Z}) and {@code --path} (a glob: {@code *} within a name, {@code **}
     *             across folders)
     */
    public static void main(String[] args) {
        if (args.length % 2 == 0) {
            usage();
        }
        try {
            History.Query query = History.open(Path.of(args[0])).query().changes();
            for (int i = 1; i < args.length; i += 2) {
                switch (args[i]) {
                    case "--since" -> query.since(args[i + 1]); // as fsmon query takes it: 2h, 7d, 2026-05-01 10:00
                    case "--path" -> query.path(args[i + 1]);
                    default -> usage();
                }
            }
            // The stream reads the history as it is consumed; closing it closes the files.
            try (Stream<FileEvent> events = query.stream(warning -> System.err.println("LastChanges: " + warning))) {
                events.forEach(e -> System.out.println(e.time() + " " + e.type() + " " + (e.type().isMarker()
                        ? "events may be missing from " + e.since() + " to " + e.until()
                        : e.path() + " by " + e.actor().comm() + " pid " + e.actor().pid() + " user " + e.actor().user())));
            }
        } catch (FsmonException e) {
            // no such folder, or not readable
            System.err.println("LastChanges: " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            // a malformed glob or time
            System.err.println("LastChanges: " + e.getMessage());
            System.exit(2);
        } catch (UncheckedIOException e) {
            System.err.println("LastChanges: cannot read the history: " + e.getCause().getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: LastChanges HISTORY_FOLDER [--since TIME] [--path GLOB]");
        System.exit(2);
    }
}
