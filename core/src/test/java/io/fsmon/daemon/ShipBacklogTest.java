package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryLayout.HistoryFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The lag status shows, kept right across appends and rotation, and measured without reading the
 * whole unsent backlog for every status: the bytes read are counted at the opening edge.
 */
class ShipBacklogTest {
    @TempDir
    Path dir;

    final AtomicLong read = new AtomicLong();

    InputStream counting(HistoryFile f, long from) throws IOException {
        return new FilterInputStream(ShipBacklog.openAt(f, from)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                read.addAndGet(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read.addAndGet(Math.max(n, 0));
                return n;
            }
        };
    }

    private static String lines(int day, int from, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            s.append("{\"time\":\"2026-12-0").append(day).append("T10:00:").append(String.format("%02d", i % 60))
                    .append("Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/f").append(i).append("\",\"pid\":7}\n");
        }
        return s.toString();
    }

    private Path plain(String stem, String text) throws IOException {
        return Files.writeString(dir.resolve(stem + ".jsonl"), text);
    }

    private Path gz(String stem, String text) throws IOException {
        Path p = dir.resolve(stem + ".jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private List<HistoryFile> files() throws IOException {
        return new HistoryLayout(dir).files();
    }

    @Test
    void statusReadsOnlyTheNewTextAfterTheFirstMeasureAndStaysRightAcrossAppendsAndRotation() throws IOException {
        String one = lines(1, 0, 1000);
        String two = lines(2, 0, 1000);
        String three = lines(3, 0, 500);
        gz("events-2026-12-01-000", one);
        plain("events-2026-12-02-000", two);
        Path current = plain("events-2026-12-03-000", three);
        int offset = one.indexOf("{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/f600\"");
        ShipCheckpoint c = new ShipCheckpoint("events-2026-12-01-000", offset, null);
        ShipBacklog b = new ShipBacklog(this::counting);

        ShipLag first = b.measure(files(), c);
        assertThat(first).isEqualTo(new ShipLag(400 + 1000 + 500,
                one.length() - offset + two.length() + three.length(), Instant.parse("2026-12-01T10:00:00Z")));

        read.set(0);
        assertThat(b.measure(files(), c)).isEqualTo(first);
        long again = read.get();
        assertThat(again).as("bytes read by a second status: the finished files are remembered")
                .isLessThanOrEqualTo(one.length() - offset);

        String more = lines(3, 500, 20);
        Files.writeString(current, more, StandardOpenOption.APPEND);
        read.set(0);
        assertThat(b.measure(files(), c)).isEqualTo(new ShipLag(first.events() + 20, first.bytes() + more.length(),
                first.oldest()));
        assertThat(read.get()).as("after an append").isLessThanOrEqualTo(again + more.length());

        // the shipper moved on into the second file; the current file is rotated
        String four = lines(4, 0, 10);
        plain("events-2026-12-04-000", four);
        int into = two.indexOf("/f990\"") - "{\"time\":\"2026-12-02T10:00:30Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"".length();
        ShipCheckpoint moved = new ShipCheckpoint("events-2026-12-02-000", into, null);
        read.set(0);
        assertThat(b.measure(files(), moved)).isEqualTo(new ShipLag(10 + 520 + 10,
                two.length() - into + three.length() + more.length() + four.length(), Instant.parse("2026-12-02T10:00:30Z")));
        assertThat(read.get()).as("after the rotation").isLessThanOrEqualTo(two.length() - into + four.length());

        assertThat(b.measure(files(), new ShipCheckpoint("events-2026-12-04-000", four.length(), null)))
                .isEqualTo(new ShipLag(0, 0, null));
    }
}
