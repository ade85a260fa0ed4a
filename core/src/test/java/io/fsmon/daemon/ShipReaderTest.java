package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryLayout.HistoryFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The shipper's reads: whole lines from (file, offset), and a gzipped file caught up through in
 * batches decompressed once, not from its start for every batch (counted at the opening edge).
 */
class ShipReaderTest {
    @TempDir
    Path dir;

    final AtomicInteger opens = new AtomicInteger();
    final AtomicLong decompressed = new AtomicLong();

    /** The real opener, counting openings and the bytes of text it hands out. */
    InputStream counting(HistoryFile f) throws IOException {
        opens.incrementAndGet();
        return new FilterInputStream(f.open()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                decompressed.addAndGet(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                decompressed.addAndGet(Math.max(n, 0));
                return n;
            }
        };
    }

    private static String lines(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/f").append(i)
                    .append("\",\"pid\":7}\n");
        }
        return s.toString();
    }

    private HistoryFile gz(String text) throws IOException {
        Path p = dir.resolve("events-2026-12-01-000.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return HistoryLayout.parse(p).orElseThrow();
    }

    /** Reads batch after batch from {@code from} to the end, as the shipper does; returns the text. */
    private static String catchUp(ShipReader r, HistoryFile f, long from) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long offset = from;
        while (true) {
            int n = r.read(f, offset);
            byte[] b = r.bytes();
            int end = ShipReader.lastNewline(b, n);
            if (end < 0) {
                return got.toString(StandardCharsets.UTF_8);
            }
            got.write(b, 0, end + 1);
            offset += end + 1;
        }
    }

    @Test
    void catchingUpThroughAGzippedFileDecompressesItOnce() throws IOException {
        String text = lines(20_000); // ~1.6 MiB of text: ~100 batches of 16 KiB
        HistoryFile f = gz(text);
        try (ShipReader r = new ShipReader(1 << 14, this::counting)) {
            assertThat(catchUp(r, f, 0)).isEqualTo(text);
        }
        assertThat(opens.get()).as("openings").isEqualTo(1);
        assertThat(decompressed.get()).as("bytes decompressed").isEqualTo(text.length());
    }

    @Test
    void aReadFromAnotherOffsetReopensAndStillGivesWholeLines() throws IOException {
        String text = lines(2_000);
        HistoryFile f = gz(text);
        int from = text.lastIndexOf('\n', text.indexOf("/f1000\"")) + 1;
        try (ShipReader r = new ShipReader(1 << 12, this::counting)) {
            assertThat(catchUp(r, f, 0)).isEqualTo(text);
            // a send failed: the shipper goes back to its checkpoint
            assertThat(catchUp(r, f, from)).isEqualTo(text.substring(from));
        }
        assertThat(opens.get()).isEqualTo(2);
    }

    @Test
    void aLineLongerThanTheBufferIsReadWholeAndTheReadsAfterItGoOn() throws IOException {
        // the reader keeps one buffer: it grows for the long line and what was read after it in the
        // gzipped stream is not lost when it goes back to its size
        String text = lines(500) + "{\"cmd\":\"" + "x".repeat(50_000) + "\"}\n" + lines(500);
        HistoryFile f = gz(text);
        try (ShipReader r = new ShipReader(1 << 12, this::counting)) {
            assertThat(catchUp(r, f, 0)).isEqualTo(text);
        }
        assertThat(opens.get()).isEqualTo(1);
    }

    @Test
    void aPlainFileGrowingBehindTheReaderGivesOnlyWholeLines() throws IOException {
        Path p = dir.resolve("events-2026-12-01-000.jsonl");
        Files.writeString(p, "{\"a\":1}\n{\"b\":");
        HistoryFile f = HistoryLayout.parse(p).orElseThrow();
        try (ShipReader r = new ShipReader(1 << 12, this::counting)) {
            assertThat(catchUp(r, f, 0)).isEqualTo("{\"a\":1}\n");
            Files.writeString(p, "2}\n{\"c\":3}\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(catchUp(r, f, 8)).isEqualTo("{\"b\":2}\n{\"c\":3}\n");
        }
    }
}
