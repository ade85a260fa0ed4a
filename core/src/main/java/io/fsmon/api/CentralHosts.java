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
     * JSON, a first column in CSV (one header for all hosts), a
     * prefix in the human format.
     */
    static OutputStream labelled(OutputStream out, String host, OutputFormat format, boolean firstHost) {
        byte[] prefix = (format == OutputFormat.CSV ? host + "," : host + "  ").getBytes(StandardCharsets.UTF_8);
        byte[] jsonTail = (",\"host\":\"" + host + "\"}").getBytes(StandardCharsets.UTF_8);
        // Bytes throughout (a whole week of one host is millions of lines): the lines are UTF-8 and
        // every byte this looks for is ASCII.
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            private final ByteArrayOutputStream labelledLines = new ByteArrayOutputStream(1 << 16);
            private boolean header = format == OutputFormat.CSV;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int end = off + len;
                int from = off;
                for (int i = off; i < end; i++) {
                    if (b[i] != '\n') {
                        continue;
                    }
                    if (line.size() > 0) { // the start of this line came in an earlier write
                        line.write(b, from, i - from);
                        byte[] l = line.toByteArray();
                        line.reset();
                        label(l, 0, l.length);
                    } else {
                        label(b, from, i - from);
                    }
                    from = i + 1;
                }
                line.write(b, from, end - from);
                labelledLines.writeTo(out);
                labelledLines.reset();
            }

            /** Writes the line {@code b[from, from+n)} with its host, and a newline. */
            private void label(byte[] b, int from, int n) {
                ByteArrayOutputStream o = labelledLines;
                if (header) {
                    header = false;
                    if (firstHost) {
                        o.writeBytes("host,".getBytes(StandardCharsets.US_ASCII));
                        o.write(b, from, n);
                        o.write('\n');
                    }
                    return;
                }
                if (format != OutputFormat.JSON) {
                    o.writeBytes(prefix);
                    o.write(b, from, n);
                } else if (n == 0 || b[from + n - 1] != '}') {
                    // (a query prints an event's JSON as JsonLines writes it, which has no host key,
                    // and quotes inside its strings are escaped: the host is always added)
                    o.write(b, from, n);
                } else {
                    o.write(b, from, n - 1);
                    o.writeBytes(jsonTail);
                }
                o.write('\n');
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }
}
