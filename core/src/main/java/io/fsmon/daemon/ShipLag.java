package io.fsmon.daemon;

import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryLayout.HistoryFile;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * How far behind the shipper is, read from the files when status asks: the bytes and whole lines
 * after the checkpoint, and the time of the first of them. Costs one read of the unsent part.
 *
 * @param events lines not yet acknowledged (compressed files count by their lines too)
 * @param bytes  bytes of them
 * @param oldest the time of the first unsent event, or null when all is sent
 */
record ShipLag(long events, long bytes, Instant oldest) {

    static ShipLag of(HistoryLayout layout, ShipCheckpoint c) {
        long events = 0;
        long bytes = 0;
        Instant oldest = null;
        List<HistoryFile> files;
        try {
            files = layout.files();
        } catch (IOException e) {
            return new ShipLag(0, 0, null);
        }
        for (HistoryFile f : files) {
            String stem = ShipCheckpoint.stem(f.path());
            int cmp = c == null ? 1 : stem.compareTo(c.file());
            if (cmp < 0) {
                continue;
            }
            long from = cmp == 0 ? c.offset() : 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream raw = Files.newInputStream(f.path());
                 InputStream in = f.compressed() ? new java.util.zip.GZIPInputStream(raw) : raw) {
                in.skipNBytes(from);
                byte[] head = null;
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (head == null && oldest == null) {
                        head = java.util.Arrays.copyOf(buf, n);
                        oldest = firstTime(head);
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            events++;
                        }
                    }
                    bytes += n;
                }
            } catch (IOException e) {
                // deleted or compressed meanwhile: counted at the next status
            }
        }
        return new ShipLag(events, bytes, oldest);
    }

    private static Instant firstTime(byte[] b) {
        int nl = 0;
        while (nl < b.length && b[nl] != '\n') {
            nl++;
        }
        try {
            return new JsonLines().parse(new String(b, 0, nl, StandardCharsets.UTF_8)).time();
        } catch (MalformedLineException e) {
            return null;
        }
    }
}
