package io.fsmon.log;

import io.fsmon.event.Actor;
import io.fsmon.event.FileEvent;

/**
 * Events as RFC 4180 CSV, for spreadsheets: the columns are the JSON keys in the same order
 * ({@link Field}), times are the same RFC 3339 UTC strings, and an unknown value is an empty
 * field. A field holding a comma, a double quote, CR or LF is quoted with its quotes doubled, so
 * a path with a newline stays one record (a spreadsheet shows it; {@code wc -l} would not count
 * records). Lines carry no terminator; RFC 4180 asks the caller for CRLF.
 *
 * <p>Not thread-safe (it caches the formatted time's second): one instance per thread.
 */
public final class CsvFormat implements EventFormat {
    private static final String HEADER;

    static {
        StringBuilder sb = new StringBuilder();
        for (Field f : Field.values()) {
            sb.append(sb.isEmpty() ? "" : ",").append(f.key);
        }
        HEADER = sb.toString();
    }

    private final Rfc3339 time = new Rfc3339();

    /** {@code time,event_type,path,old_path,pid,...,container}. */
    @Override
    public String header() {
        return HEADER;
    }

    @Override
    public String format(FileEvent e) {
        StringBuilder sb = new StringBuilder(160);
        for (Field f : Field.values()) {
            if (f != Field.TIME) {
                sb.append(',');
            }
            Object v = value(e, f);
            if (v != null) {
                quoted(sb, v.toString());
            }
        }
        return sb.toString();
    }

    private Object value(FileEvent e, Field f) {
        Actor a = e.actor();
        if (a == null && f.ordinal() >= Field.PID.ordinal() && f.ordinal() <= Field.CHAIN.ordinal()
                && f != Field.FILE_SIZE && f != Field.SIZE_CHANGE) {
            return null;
        }
        return switch (f) {
            case TIME -> e.time() == null ? null : time.format(e.time());
            case EVENT_TYPE -> e.type();
            case PATH -> e.path();
            case OLD_PATH -> e.oldPath();
            case PID -> a.pid();
            case TID -> a.tid();
            case PPID -> a.ppid();
            case COMM -> a.comm();
            case CMD -> a.cmd();
            case EXE -> a.exe();
            case UID -> a.uid();
            case USER -> a.user();
            case LOGIN_UID -> a.loginUid();
            case LOGIN_USER -> a.loginUser();
            case FILE_SIZE -> e.fileSize();
            case SIZE_CHANGE -> e.sizeChange();
            case CONTAINER -> a.container();
            case CHAIN -> a.chain() == null ? null : chainText(a.chain());
            case SINCE -> e.since() == null ? null : time.format(e.since());
            case UNTIL -> e.until() == null ? null : time.format(e.until());
            case DROPPED -> e.dropped();
        };
    }

    private static void quoted(StringBuilder sb, String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c);
            if (c == '"') {
                sb.append('"');
            }
        }
        sb.append('"');
    }

    /** The chain in one cell: {@code pid:comm:user} links, parent first, joined by {@code >}. */
    private static String chainText(java.util.List<Actor.Ancestor> chain) {
        StringBuilder sb = new StringBuilder();
        for (Actor.Ancestor l : chain) {
            if (!sb.isEmpty()) {
                sb.append('>');
            }
            sb.append(l.pid()).append(':').append(l.comm() == null ? "" : l.comm()).append(':')
                    .append(l.user() == null ? "" : l.user());
        }
        return sb.toString();
    }
}
