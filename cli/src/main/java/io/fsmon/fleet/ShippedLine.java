package io.fsmon.fleet;

import io.fsmon.daemon.ShipSettings;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * What the collector needs of a shipped line, read from its two ends without parsing the JSON
 * between them: the event's UTC day from the head ({@code {"time":"YYYY-MM-DDT...Z",}), the host
 * and id from the tail the shipper appended ({@code ,"host":"H","id":"ID"}}). The daemon ships
 * only lines its own writer wrote, whole; a line whose two ends are not fsmon's is malformed. One
 * instance per collector thread: it remembers the last day and host it read, which the next line
 * of the same host nearly always repeats.
 */
final class ShippedLine {
    private static final byte[] HEAD = "{\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = ",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = ",\"host\":\"".getBytes(StandardCharsets.US_ASCII);

    private final byte[] lastDayBytes = new byte[10];
    private LocalDate lastDay;
    private byte[] lastHostBytes = new byte[0];
    private String lastHost;

    /** Of the last line {@link #read} accepted. */
    String host;
    ShipId id;
    LocalDate day;

    /**
     * Reads {@code v[from, to)} (a line without its newline): null when it is a shipped fsmon line
     * (its host, id and day are then in the fields), else why not.
     */
    String read(byte[] v, int from, int to) {
        if (to - from < HEAD.length + 12 || v[to - 1] != '}' || v[to - 2] != '"'
                || !Arrays.equals(v, from, from + HEAD.length, HEAD, 0, HEAD.length)) {
            return "not a shipped fsmon line (no {\"time\":\"... at its start, no host and id at its end)";
        }
        int idEnd = to - 2;
        int idStart = lastIndexOf(v, from, idEnd, (byte) '"') + 1;
        if (idStart <= from + ID.length || !Arrays.equals(v, idStart - ID.length, idStart, ID, 0, ID.length)) {
            return "no host and id fields at its end (not a line an fsmon daemon shipped)";
        }
        int hostEnd = idStart - ID.length - 1; // the closing quote of the host's value
        if (v[hostEnd] != '"') {
            return "no host and id fields at its end (not a line an fsmon daemon shipped)";
        }
        int hostStart = lastIndexOf(v, from, hostEnd, (byte) '"') + 1;
        if (hostStart <= from + HOST.length
                || !Arrays.equals(v, hostStart - HOST.length, hostStart, HOST, 0, HOST.length)) {
            return "no host and id fields at its end (not a line an fsmon daemon shipped)";
        }
        String h = host(v, hostStart, hostEnd);
        ShipId i = ShipId.parse(new String(v, idStart, idEnd - idStart, StandardCharsets.UTF_8));
        if (h == null || i == null) {
            return "no valid host and id at its end (host '" + new String(v, hostStart, hostEnd - hostStart,
                    StandardCharsets.UTF_8) + "')";
        }
        LocalDate d = day(v, from + HEAD.length);
        if (d == null) {
            return "its time is not an RFC 3339 UTC time";
        }
        host = h;
        id = i;
        day = d;
        return null;
    }

    private String host(byte[] v, int start, int end) {
        if (!Arrays.equals(v, start, end, lastHostBytes, 0, lastHostBytes.length)) {
            String h = new String(v, start, end - start, StandardCharsets.UTF_8);
            if (!ShipSettings.validHost(h)) {
                return null;
            }
            lastHostBytes = Arrays.copyOfRange(v, start, end);
            lastHost = h;
        }
        return lastHost;
    }

    /** The day of {@code YYYY-MM-DDTHH:MM:SS[.f]Z"} at {@code at}; null when the time is not one. */
    private LocalDate day(byte[] v, int at) {
        int end = at;
        while (end < v.length && v[end] != '"') {
            end++;
        }
        if (end - at < 20 || v[end - 1] != 'Z' || v[at + 10] != 'T') {
            return null;
        }
        if (lastDay != null && Arrays.equals(v, at, at + 10, lastDayBytes, 0, 10)) {
            return lastDay;
        }
        try {
            LocalDate d = LocalDate.parse(new String(v, at, 10, StandardCharsets.US_ASCII));
            System.arraycopy(v, at, lastDayBytes, 0, 10);
            lastDay = d;
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static int lastIndexOf(byte[] v, int from, int before, byte b) {
        for (int i = before - 1; i >= from; i--) {
            if (v[i] == b) {
                return i;
            }
        }
        return from - 1;
    }
}
