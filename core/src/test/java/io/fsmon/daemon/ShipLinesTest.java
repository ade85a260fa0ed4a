package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shipped bytes: lines with host and id, in blocks of whole lines. The builder writes each
 * block once, straight from the read; its output is compared byte for byte with the way lines were
 * made before (a String id and an array per line, joined into blocks by the transport), kept here
 * as the reference.
 */
class ShipLinesTest {
    private static final String HOST = "wéb-01";
    private static final String EPOCH = "0123456789abcdef";
    private static final String STEM = "events-2026-12-01-000";

    private static String event(String path, String cmd) {
        return "{\"time\":\"2026-12-01T10:00:00.000000000Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"" + path
                + "\",\"pid\":7,\"cmd\":\"" + cmd + "\"}";
    }

    /** A read with awkward lines: torn ones, empty ones, non-ASCII, one over the cut limit, escapes. */
    private static byte[] awkwardChunk() {
        StringBuilder s = new StringBuilder();
        s.append(event("/a", "rsync -a")).append('\n');
        s.append("{\"time\":\"2026-12-01T10:00:0").append('\n'); // torn by a crash
        s.append('\n');
        s.append("}\n{\n{}\n{ \t}\n"); // no event: "{,\"host\"...}" would not be JSON
        s.append(event("/über/ファイル", "vi \\\"x\\\" \\u0001")).append('\n');
        s.append(event("/big", "y".repeat(ShipLines.MAX_LINE + 10))).append('\n'); // cut
        s.append("{\"x\":\"" + "z".repeat(ShipLines.MAX_LINE) + "\"}").append('\n'); // long, no event: skipped
        for (int i = 0; i < 600; i++) {
            s.append(event("/f" + i + "é".repeat(i % 7), "x".repeat(i * 3 % 500))).append('\n');
        }
        s.append(event("/exactly", "e".repeat(ShipLines.RECORD_BYTES - 200))).append('\n');
        s.append(event("/last", "")).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static FileEvent gap() {
        return FileEvent.gap(Instant.parse("2026-12-01T10:00:01Z"), Instant.parse("2026-12-01T09:00:00Z"),
                Instant.parse("2026-12-01T09:59:00Z"), 42);
    }

    @Test
    void theBlocksAreByteForByteWhatTheLineByLineBuilderMade() throws java.io.IOException {
        byte[] chunk = awkwardChunk();
        int end = ShipReader.lastNewline(chunk);
        for (boolean perEvent : new boolean[] {false, true}) {
            ShipLines lines = new ShipLines(HOST, EPOCH, perEvent);
            lines.gap(gap(), STEM, 1000);
            int skipped = lines.lines(chunk, end, STEM, 1000);
            int count = lines.lines();
            List<byte[]> records = lines.records();

            Reference old = new Reference();
            List<byte[]> expected = old.blocks(old.batch(chunk, end, STEM, 1000, gap()), perEvent);
            assertThat(skipped).isEqualTo(old.skipped).isEqualTo(6); // torn, "}", "{", "{}", "{ \t}", long with no event
            assertThat(count).isEqualTo(old.count).isEqualTo(606); // the gap and 605 events
            assertThat(lines.cut()).isEqualTo(1);
            assertThat(records).hasSameSizeAs(expected);
            for (int i = 0; i < records.size(); i++) {
                assertThat(records.get(i)).as("record %d, perEvent %s", i, perEvent).isEqualTo(expected.get(i));
            }
            assertThat(lines.lines()).as("the next batch starts empty").isZero();
            assertThat(lines.records()).isEmpty();
        }
    }

    @Test
    void linesGoInOrderInBlocksOfWholeLinesAndALongerLineGoesAlone() throws java.io.IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            read.writeBytes((event("/f" + i, "x".repeat(300)) + "\n").getBytes(StandardCharsets.UTF_8));
            if (i == 500) {
                read.writeBytes((event("/big", "y".repeat(ShipLines.RECORD_BYTES)) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] chunk = read.toByteArray();
        ShipLines lines = new ShipLines("h", EPOCH, false);
        lines.lines(chunk, chunk.length - 1, STEM, 0);
        List<byte[]> blocks = lines.records();

        List<String> values = blocks.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertThat(String.join("\n", values).split("\n")).hasSize(1001);
        assertThat(blocks).hasSizeGreaterThan(3);
        for (String v : values) {
            assertThat(v).startsWith("{\"time\":").endsWith("\"}"); // whole lines only
            assertThat(v.length() <= ShipLines.RECORD_BYTES || v.contains("/big") && !v.contains("\n"))
                    .as("%d bytes", v.length()).isTrue();
        }
        assertThat(values.get(0)).startsWith(event("/f0", "x".repeat(300)).replaceFirst("}$", "")
                + ",\"host\":\"h\",\"id\":\"h:" + EPOCH + ":" + STEM + ":0\"}\n");
    }

    @Test
    void offsetsAreWrittenInDecimalAsLongToStringWritesThem() {
        List<Long> values = new ArrayList<>(List.of(0L, Integer.MAX_VALUE - 1L, (long) Integer.MAX_VALUE,
                Integer.MAX_VALUE + 1L, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            values.addAll(List.of(p - 1, p, p + 1, p * 10 - 1));
        }
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 100_000; i++) {
            values.add((random.nextLong() >>> 1) >>> random.nextInt(63)); // not negative, of every length
        }
        byte[] b = new byte[32];
        for (long v : values) {
            String text = Long.toString(v);
            assertThat(ShipLines.digits(v)).as("digits of %d", v).isEqualTo(text.length());
            int end = ShipLines.writeDecimal(v, b, 3);
            assertThat(new String(b, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(text);
        }
    }

    @Test
    void eachBatchNamesItsOwnFileWhateverStringNamesIt() throws java.io.IOException {
        byte[] chunk = (event("/a", "x") + "\n").getBytes(StandardCharsets.UTF_8);
        ShipLines lines = new ShipLines("h", EPOCH, true);
        String next = "events-2026-12-01-001";
        lines.lines(chunk, chunk.length - 1, STEM, 0);
        lines.lines(chunk, chunk.length - 1, new String(STEM), 10); // equal, another String
        lines.lines(chunk, chunk.length - 1, next, 20);
        lines.lines(chunk, chunk.length - 1, new String(next), 30);
        lines.lines(chunk, chunk.length - 1, STEM, 40);
        List<String> ids = lines.records().stream()
                .map(r -> new String(r, StandardCharsets.UTF_8).replaceAll(".*\"id\":\"h:" + EPOCH + ":([^\"]*)\"}$", "$1"))
                .toList();
        assertThat(ids).containsExactly(STEM + ":0", STEM + ":10", next + ":20", next + ":30", STEM + ":40");
    }

    @Test
    void aNewlineIsFoundAtEveryPlaceOfAWord() {
        for (int len = 0; len < 40; len++) {
            for (int at = 0; at < len; at++) {
                byte[] b = new byte[len];
                Arrays.fill(b, (byte) 0x8A); // '\n' with its high bit set: not a newline
                b[at] = '\n';
                for (int from = 0; from <= at; from++) {
                    assertThat(ShipReader.newline(b, from, len)).isEqualTo(at);
                }
                assertThat(ShipReader.newline(b, at + 1, len)).isEqualTo(len);
                assertThat(ShipReader.newline(b, 0, at)).isEqualTo(at);
            }
        }
    }

    /** How lines were shipped before the builder: the reference the bytes must not differ from. */
    private static final class Reference {
        private final JsonLines json = new JsonLines();
        int skipped;
        int count;

        List<byte[]> batch(byte[] chunk, int end, String stem, long offset, FileEvent gap) {
            List<byte[]> out = new ArrayList<>();
            byte[] g = json.format(gap).strip().getBytes(StandardCharsets.UTF_8);
            out.add(withIdentity(g, 0, g.length, stem, offset, true));
            int start = 0;
            for (int k = 0; k <= end; k++) {
                if (chunk[k] == '\n') {
                    byte[] l = k > start + 1 && chunk[start] == '{' && chunk[k - 1] == '}'
                            && !new String(chunk, start + 1, k - start - 2, StandardCharsets.UTF_8).isBlank()
                            ? line(chunk, start, k, stem, offset + start) : null;
                    if (l != null) {
                        out.add(l);
                    } else if (k > start) {
                        skipped++;
                    }
                    start = k + 1;
                }
            }
            count = out.size();
            return out;
        }

        private byte[] line(byte[] src, int from, int to, String stem, long offset) {
            if (to - from <= ShipLines.MAX_LINE) {
                return withIdentity(src, from, to, stem, offset, false);
            }
            FileEvent e;
            try {
                e = json.parse(src, from, to - from);
            } catch (MalformedLineException notAnEvent) {
                return null;
            }
            if (e.actor() == null || e.actor().cmd() == null) {
                return null;
            }
            int keep = e.actor().cmd().getBytes(StandardCharsets.UTF_8).length - (to - from - ShipLines.MAX_LINE) - 1024;
            while (true) {
                byte[] b = json.format(ShipLines.cutCommand(e, Math.max(0, keep))).getBytes(StandardCharsets.UTF_8);
                if (b.length <= ShipLines.MAX_LINE) {
                    return withIdentity(b, 0, b.length, stem, offset, false);
                }
                if (keep <= 0) {
                    return null;
                }
                keep /= 2;
            }
        }

        private static byte[] withIdentity(byte[] json, int from, int to, String stem, long offset, boolean gap) {
            String id = HOST + ":" + EPOCH + ":" + stem + ":" + offset + (gap ? ":gap" : "");
            byte[] tail = (",\"host\":\"" + HOST + "\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] v = Arrays.copyOfRange(json, from, to - 1 + tail.length);
            System.arraycopy(tail, 0, v, to - 1 - from, tail.length);
            return v;
        }

        /** The transport's blocks of before. */
        List<byte[]> blocks(List<byte[]> lines, boolean perEvent) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0, j; i < lines.size(); i = j) {
                j = i + 1;
                int size = lines.get(i).length;
                while (!perEvent && j < lines.size() && size + 1 + lines.get(j).length <= ShipLines.RECORD_BYTES) {
                    size += 1 + lines.get(j).length;
                    j++;
                }
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int k = i; k < j; k++) {
                    if (k > i) {
                        b.write('\n');
                    }
                    b.writeBytes(lines.get(k));
                }
                out.add(b.toByteArray());
            }
            return out;
        }
    }
}
