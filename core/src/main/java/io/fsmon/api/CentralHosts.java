package io.fsmon.api;

import io.fsmon.filter.Glob;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A central history ({@code fsmon collect}) holds one folder per host, each in the daemon's
 * layout: {@link History.Query#host} picks the folders whose name matches, and each output line
 * says its host.
 */
final class CentralHosts {
    private CentralHosts() {
    }

    /**
     * The host folders of {@code central} whose name matches {@code glob}, by name.
     *
     * @throws IllegalArgumentException none matches (the line names the hosts there are)
     */
    static List<Path> matching(Path central, String glob) throws IOException {
        Glob g = Glob.compile(glob);
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(central)) {
            s.filter(Files::isDirectory).sorted().forEach(all::add);
        }
        List<Path> hit = all.stream().filter(p -> g.matches(p.getFileName().toString())).toList();
        if (hit.isEmpty()) {
            throw new IllegalArgumentException("no host matches '" + glob + "' in " + central + " (hosts there: "
                    + (all.isEmpty() ? "none; is it a central history written by 'fsmon collect'?"
                    : String.join(", ", all.stream().map(p -> p.getFileName().toString()).toList())) + ")");
        }
        return hit;
    }

    /**
     * Writes a host's query output to {@code out} with the host in each line: a {@code host} field in
     * JSON (central lines carry it already), a first column in CSV (one header for all hosts), a
     * prefix in the human format.
     */
    static OutputStream labelled(OutputStream out, String host, OutputFormat format, boolean firstHost) {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            private boolean header = format == OutputFormat.CSV;

            @Override
            public void write(int b) throws IOException {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                String l = line.toString(StandardCharsets.UTF_8);
                line.reset();
                String labelled;
                if (header) {
                    header = false;
                    if (!firstHost) {
                        return;
                    }
                    labelled = "host," + l;
                } else {
                    labelled = switch (format) {
                        case JSON -> l.contains(",\"host\":\"") || !l.endsWith("}") ? l
                                : l.substring(0, l.length() - 1) + ",\"host\":\"" + host + "\"}";
                        case CSV -> host + "," + l;
                        default -> host + "  " + l;
                    };
                }
                out.write((labelled + "\n").getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }
}
