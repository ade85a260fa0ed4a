package io.fsmon.log;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.Sizes;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One readable line per event, for a terminal:
 * <pre>[2026-11-25 10:20:14.123] [CREATE] /tmp/x/a.txt (PID: 123, CMD: touch, USER: root, SIZE: +12 B)</pre>
 *
 * <ul>
 *   <li>Time in the given zone (the local one by default), to the millisecond: people read local
 *       time; the JSON keeps UTC nanoseconds.</li>
 *   <li>A rename shows {@code old -> new}. An unknown path or command is {@code ?}.</li>
 *   <li>{@code USER} is the user name, else the uid; {@code LOGIN} follows when the login user
 *       differs (who ran {@code sudo}).</li>
 *   <li>{@code SIZE} is the change with its sign when known, else the size after the event.</li>
 *   <li>Control characters (and Unicode line separators and bidi overrides, which could disguise
 *       a name on a terminal) are written as their UTF-8 bytes in {@code \xNN} form, the same
 *       escape fsmon's path text uses ({@link io.fsmon.event.FileNames}): one event stays one line
 *       and a file name cannot send terminal escape sequences.</li>
 * </ul>
 *
 * <p>Not thread-safe (it caches the formatted second and keeps buffers): one instance per thread.
 */
public final class HumanFormat implements EventFormat {
    private static final String RESET = "\u001b[0m";

    /** The zone times are shown in; null: the system's, looked up at the first event. */
    private final ZoneId zone;
    private final boolean color;
    private DateTimeFormatter time;

    /**
     * Local time zone, no color. The zone and the formatter are made at the first event: reading
     * the time-zone database is tens of milliseconds a monitor should not spend before its marks.
     */
    public HumanFormat() {
        this.zone = null;
        this.color = false;
    }

    /**
     * @param zone  the zone times are shown in
     * @param color whether to color the event type with ANSI escapes (for a terminal only)
     */
    public HumanFormat(ZoneId zone, boolean color) {
        this.zone = zone;
        this.color = color;
    }

    /** The last second formatted, as {@code uuuu-MM-dd HH:mm:ss}: events come many per second. */
    private long second = Long.MIN_VALUE;
    private String secondText;

    /**
     * Appends the time as {@link #time()} formats it, formatting each second once: a zone's offset
     * is a whole number of seconds and changes only on a second's boundary, so the text up to the
     * second is the same for every instant of that second (a query prints many per second, and the
     * formatter cost more than the rest of the line).
     */
    private void stamp(StringBuilder sb, java.time.Instant t) {
        if (t.getEpochSecond() != second || secondText == null) {
            String full = time().format(t);
            secondText = full.substring(0, full.length() - 4); // without ".SSS"
            second = t.getEpochSecond();
        }
        int millis = t.getNano() / 1_000_000;
        sb.append(secondText).append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
    }

    private DateTimeFormatter time() {
        if (time == null) {
            time = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT)
                    .withZone(zone != null ? zone : ZoneId.systemDefault());
        }
        return time;
    }

    /** No header. */
    @Override
    public String header() {
        return null;
    }

    @Override
    public String format(FileEvent e) {
        StringBuilder sb = new StringBuilder(128);
        sb.append('[');
        if (e.time() == null) {
            sb.append('?');
        } else {
            stamp(sb, e.time());
        }
        sb.append("] [");
        String c = color ? color(e.type()) : null;
        if (c != null) {
            sb.append(c).append(e.type()).append(RESET);
        } else {
            sb.append(e.type());
        }
        sb.append("] ");
        if (e.type() == EventType.OVERFLOW) {
            sb.append("kernel queue overflowed: events were lost");
            return span(sb, e).toString();
        }
        if (e.type() == EventType.GAP) {
            sb.append(e.dropped() == null ? "fsmon was not watching: events may be missing" : e.dropped() + " events were lost");
            return span(sb, e).toString();
        }
        if (e.oldPath() != null) {
            escaped(sb, e.oldPath()).append(" -> ");
        }
        escaped(sb, e.path() == null ? "?" : e.path());
        int open = sb.length();
        Actor a = e.actor();
        if (a != null) {
            sb.append(" (PID: ").append(a.pid()).append(", CMD: ");
            escaped(sb, a.comm() == null ? "?" : a.comm()).append(", USER: ");
            escaped(sb, name(a.user(), a.uid()));
            if (differentLogin(a)) {
                escaped(sb.append(", LOGIN: "), name(a.loginUser(), a.loginUid()));
            }
        }
        String size = e.sizeChange() != null ? Sizes.signed(e.sizeChange())
                : e.fileSize() != null ? Sizes.human(e.fileSize()) : null;
        if (size != null) {
            sb.append(sb.length() == open ? " (" : ", ").append("SIZE: ").append(size);
        }
        return sb.length() == open ? sb.toString() : sb.append(')').toString();
    }

    private final LineBytes out = new LineBytes();
    private final LineBytes value = new LineBytes();
    /** The time up to its second, as in the history ({@code yyyy-MM-ddTHH:mm:ss}), of {@link #secondBytes}. */
    private final byte[] secondKey = new byte[19];
    private byte[] secondBytes;
    private LocalSeconds local;

    /**
     * What {@link #format} writes, from the line's bytes; null for markers and with colors, which
     * take the parsed path.
     */
    @Override
    public byte[] formatCanonical(CanonicalFields line) {
        if (color || line.marker()) {
            return null;
        }
        out.reset();
        out.add('[');
        stamp(line);
        out.ascii("] [");
        line.appendRaw(Field.EVENT_TYPE, out);
        out.ascii("] ");
        if (line.has(Field.OLD_PATH)) {
            escaped(line, Field.OLD_PATH);
            out.ascii(" -> ");
        }
        if (line.has(Field.PATH)) {
            escaped(line, Field.PATH);
        } else {
            out.add('?');
        }
        int open = out.length();
        if (line.has(Field.PID)) {
            out.ascii(" (PID: ");
            line.appendRaw(Field.PID, out);
            out.ascii(", CMD: ");
            if (line.has(Field.COMM)) {
                escaped(line, Field.COMM);
            } else {
                out.add('?');
            }
            out.ascii(", USER: ");
            name(line, Field.USER, Field.UID);
            boolean differentLogin = line.has(Field.LOGIN_UID) && line.has(Field.UID)
                    ? !line.sameNumber(Field.LOGIN_UID, Field.UID)
                    : line.has(Field.LOGIN_USER) && !line.sameString(Field.LOGIN_USER, Field.USER);
            if (differentLogin) {
                out.ascii(", LOGIN: ");
                name(line, Field.LOGIN_USER, Field.LOGIN_UID);
            }
        }
        String size = line.has(Field.SIZE_CHANGE) ? Sizes.signed(line.number(Field.SIZE_CHANGE))
                : line.has(Field.FILE_SIZE) ? Sizes.human(line.number(Field.FILE_SIZE)) : null;
        if (size != null) {
            out.ascii(out.length() == open ? " (" : ", ").ascii("SIZE: ").ascii(size);
        }
        if (out.length() != open) {
            out.add(')');
        }
        return out.toArray();
    }

    /**
     * {@link #stamp(StringBuilder, java.time.Instant)} from the time's text: its second written by
     * {@link LocalSeconds} (by the formatter in years it does not write), its millis copied.
     */
    private void stamp(CanonicalFields line) {
        byte[] a = line.bytes();
        int t = line.timeAt(Field.TIME);
        if (secondBytes == null || !java.util.Arrays.equals(a, t, t + 19, secondKey, 0, 19)) {
            java.time.Instant i = Rfc3339.parseFixed(new String(a, t, Rfc3339.LENGTH, StandardCharsets.ISO_8859_1));
            if (local == null) {
                local = new LocalSeconds(zone != null ? zone : ZoneId.systemDefault());
            }
            if (local.write(i.getEpochSecond())) {
                secondBytes = local.text();
            } else {
                String full = time().format(i);
                secondBytes = full.substring(0, full.length() - 4).getBytes(StandardCharsets.UTF_8);
            }
            System.arraycopy(a, t, secondKey, 0, 19);
        }
        out.add(secondBytes, 0, secondBytes.length).add('.').add(a, t + 20, 3);
    }

    /** The user name, else the uid, else {@code ?}, escaped. */
    private void name(CanonicalFields line, Field user, Field uid) {
        if (line.has(user)) {
            escaped(line, user);
        } else if (line.has(uid)) {
            line.appendRaw(uid, out);
        } else {
            out.add('?');
        }
    }

    /** {@link #escaped(StringBuilder, String)} on the UTF-8 bytes of a string field. */
    private void escaped(CanonicalFields line, Field f) {
        if (line.appendPrintableAscii(f, out)) {
            return; // nothing to escape
        }
        value.reset();
        line.appendString(f, value);
        int n = value.length();
        for (int i = 0; i < n; i++) {
            int b = value.at(i) & 0xFF;
            int unsafe = b < 0x20 || b == 0x7f ? 1
                    : b == 0xC2 && i + 1 < n && (value.at(i + 1) & 0xFF) <= 0x9F ? 2 // U+0080-U+009F
                    : b == 0xE2 && i + 2 < n && unsafe3(value.at(i + 1) & 0xFF, value.at(i + 2) & 0xFF) ? 3 : 0;
            if (unsafe == 0) {
                out.add(b);
                continue;
            }
            for (int k = 0; k < unsafe; k++) {
                int c = value.at(i + k) & 0xFF;
                out.add('\\').add('x').add(Character.forDigit(c >> 4, 16)).add(Character.forDigit(c & 0xf, 16));
            }
            i += unsafe - 1;
        }
    }

    /** U+2028, U+2029, U+202A-U+202E (E2 80 A8-AE) and U+2066-U+2069 (E2 81 A6-A9). */
    private static boolean unsafe3(int b1, int b2) {
        return b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE || b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9;
    }

    private static String name(String user, Integer uid) {
        return user != null ? user : uid != null ? uid.toString() : "?";
    }

    private static boolean differentLogin(Actor a) {
        if (a.loginUid() != null && a.uid() != null) {
            return !a.loginUid().equals(a.uid());
        }
        return a.loginUser() != null && !a.loginUser().equals(a.user());
    }

    private static String color(EventType t) {
        return switch (t) {
            case CREATE, MOVED_TO -> "\u001b[32m";
            case DELETE, DELETE_SELF, MOVED_FROM -> "\u001b[31m";
            case CLOSE_WRITE, MODIFY -> "\u001b[33m";
            case ATTRIB, MOVE_SELF -> "\u001b[36m";
            case OVERFLOW, GAP, FS_ERROR -> "\u001b[1;31m";
            default -> null;
        };
    }

    /** Appends {@code s}, writing characters that could break the line or the terminal as {@code \xNN} bytes. */
    static StringBuilder escaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    sb.append("\\x").append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
            } else {
                sb.append(c);
            }
        }
        return sb;
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }

    private StringBuilder span(StringBuilder sb, FileEvent e) {
        if (e.since() != null && e.until() != null) {
            sb.append(" between ").append(time().format(e.since())).append(" and ").append(time().format(e.until()));
        }
        return sb;
    }
}
