package io.fsmon.daemon;

import io.fsmon.event.Actor;
import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * History lines in the form the {@link Shipper} sends them: {@code host} and {@code id} added
 * before the closing brace. A line longer than a record may be (a command line can be megabytes)
 * is sent with its command line cut and marked ({@link JsonLines#cutMark}), and counted: Kafka
 * refuses a record over its limits, and a refused line used to be retried forever, stalling every
 * line after it. The local history keeps the line whole.
 */
final class ShipLines {
    /**
     * The longest line shipped whole: half of Kafka's default record limits (the producer's
     * {@code max.request.size} and the broker's {@code message.max.bytes}, both 1 MiB), which
     * leaves room for the host, the id, the record's framing and a broker set somewhat lower.
     */
    static final int MAX_LINE = 1 << 19;

    private final String host;
    private final String epoch;
    private final JsonLines json = new JsonLines();
    private long cut;

    ShipLines(String host, String epoch) {
        this.host = host;
        this.epoch = epoch;
    }

    /** Lines made with their command line cut short (made again when a batch is resent). */
    long cut() {
        return cut;
    }

    /**
     * The line {@code src[from, to)} (one JSON object, no newline) at {@code offset} of history file
     * {@code stem}, ready to send; null when it is too long and no event (nothing to cut).
     */
    ShipTransport.Line line(byte[] src, int from, int to, String stem, long offset) {
        if (to - from <= MAX_LINE) {
            return withIdentity(src, from, to, stem, offset, false);
        }
        byte[] shorter = shortened(src, from, to);
        if (shorter == null) {
            return null;
        }
        cut++;
        return withIdentity(shorter, 0, shorter.length, stem, offset, false);
    }

    /** A GAP marker the shipper made, sent before the line at {@code offset}. */
    ShipTransport.Line gap(FileEvent gap, String stem, long offset) {
        byte[] b = json.format(gap).strip().getBytes(StandardCharsets.UTF_8);
        return withIdentity(b, 0, b.length, stem, offset, true);
    }

    /** The line with its command line cut until it fits {@link #MAX_LINE}, or null. */
    private byte[] shortened(byte[] src, int from, int to) {
        FileEvent e;
        try {
            e = json.parse(src, from, to - from);
        } catch (MalformedLineException notAnEvent) {
            return null;
        }
        Actor a = e.actor();
        if (a == null || a.cmd() == null) {
            return null;
        }
        int keep = a.cmd().getBytes(StandardCharsets.UTF_8).length - (to - from - MAX_LINE) - 1024;
        while (true) {
            byte[] b = json.format(cutCommand(e, Math.max(0, keep))).getBytes(StandardCharsets.UTF_8);
            if (b.length <= MAX_LINE) {
                return b;
            }
            if (keep <= 0) {
                return null; // long without its command line: not a line fsmon wrote
            }
            keep /= 2; // escapes (\u0001, \") made the cut one longer than its bytes
        }
    }

    /**
     * The event with its command line cut to at most {@code maxBytes} bytes of UTF-8 (at a
     * character's boundary) and ended by {@link JsonLines#cutMark}.
     */
    static FileEvent cutCommand(FileEvent e, int maxBytes) {
        Actor a = e.actor();
        byte[] cmd = a.cmd().getBytes(StandardCharsets.UTF_8);
        int n = Math.min(maxBytes, cmd.length);
        while (n > 0 && n < cmd.length && (cmd[n] & 0xC0) == 0x80) { // not inside a character
            n--;
        }
        String shorter = new String(cmd, 0, n, StandardCharsets.UTF_8) + JsonLines.cutMark(cmd.length);
        Actor cutActor = new Actor(a.pid(), a.tid(), a.ppid(), a.comm(), shorter, a.exe(), a.uid(), a.user(),
                a.loginUid(), a.loginUser(), a.container(), a.chain());
        return new FileEvent(e.time(), e.type(), e.path(), e.oldPath(), cutActor, e.fileSize(), e.sizeChange(),
                e.since(), e.until(), e.dropped());
    }

    /**
     * {@code "host"} and {@code "id"} added before the closing brace. The id is
     * {@code HOST:EPOCH:FILE:OFFSET}, and {@code HOST:EPOCH:FILE:OFFSET:gap} for a GAP marker the
     * shipper made, which sorts before the line at the same offset.
     */
    private ShipTransport.Line withIdentity(byte[] json, int from, int to, String stem, long offset, boolean gap) {
        String id = host + ":" + epoch + ":" + stem + ":" + offset + (gap ? ":gap" : "");
        byte[] tail = (",\"host\":\"" + host + "\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] v = Arrays.copyOfRange(json, from, to - 1 + tail.length);
        System.arraycopy(tail, 0, v, to - 1 - from, tail.length);
        return new ShipTransport.Line(id, v);
    }
}
