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
 * <p>Formula injection (OWASP, "CSV Injection"): a text cell that begins with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or CR would be run as a formula by a spreadsheet, and
 * commands, paths and user names are chosen by whoever runs a process ({@code =HYPERLINK(...)}
 * is a valid command name). Such a cell is written with a leading single quote, inside quotes:
 * {@code "'=1+1"}. Numeric columns (pid, uid, sizes, {@code size_change}, dropped) are written
 * from numbers, so they can hold no formula and stay numbers a spreadsheet can sum: a shrinking
 * file's {@code -12} is data.
 *
 * <p>Not thread-safe (it caches the formatted time's second): one instance per thread.
 */
public final class CsvFormat implements EventFormat {
    private static final String HEADER;
    private static final Field[] FIELDS = Field.values(); // values() copies the array at each call

    static {
        StringBuilder sb = new StringBuilder();
        for (Field f : Field.values()) {
            sb.append(sb.isEmpty() ? "" : ",").append(f.key);
        }
        HEADER = sb.toString();
    }

    private final Rfc3339 time = new Rfc3339();
    private final LineBytes out = new LineBytes();
    private final LineBytes cell = new LineBytes();

    /** {@code time,event_type,path,old_path,pid,...,container}. */
    @Override
    public String header() {
        return HEADER;
    }

    @Override
    public String format(FileEvent e) {
        StringBuilder sb = new StringBuilder(160);
        for (Field f : FIELDS) {
            if (f != Field.TIME) {
                sb.append(',');
            }
            Object v = value(e, f);
            if (v instanceof Number n) {
                sb.append(n);
            } else if (v != null) {
                text(sb, v.toString());
            }
        }
        return sb.toString();
    }

    /**
     * What {@link #format} writes, from the line's bytes: times, types and numbers as they are
     * written there (the canonical forms are the ones this class writes), strings unescaped.
     */
    @Override
    public byte[] formatCanonical(CanonicalFields line) {
        out.reset();
        for (Field f : FIELDS) {
            if (f != Field.TIME) {
                out.add(',');
            }
            if (!line.has(f)) {
                continue; // a line without pid has no other actor field either
            }
            switch (f) {
                case PATH, OLD_PATH, COMM, CMD, EXE, USER, LOGIN_USER, CONTAINER -> {
                    cell.reset();
                    line.appendString(f, cell);
                    text(out, cell);
                }
                case CHAIN -> {
                    cell.reset();
                    line.appendChain(cell);
                    text(out, cell);
                }
                default -> line.appendRaw(f, out);
            }
        }
        return out.toArray();
    }

    /** {@link #text(StringBuilder, String)} on UTF-8 bytes (the characters it looks for are ASCII). */
    private static void text(LineBytes out, LineBytes s) {
        int n = s.length();
        if (n > 0 && isFormulaStart(s.at(0))) {
            out.add('"').add('\'');
            doublingQuotes(out, s);
            out.add('"');
            return;
        }
        boolean quote = false;
        for (int i = 0; i < n && !quote; i++) {
            byte c = s.at(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.add(s);
            return;
        }
        out.add('"');
        doublingQuotes(out, s);
        out.add('"');
    }

    private static boolean isFormulaStart(int c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private static void doublingQuotes(LineBytes out, LineBytes s) {
        for (int i = 0; i < s.length(); i++) {
            byte c = s.at(i);
            out.add(c);
            if (c == '"') {
                out.add('"');
            }
        }
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

    /** A text cell: neutralised if a spreadsheet would take it for a formula, quoted if needed. */
    private static void text(StringBuilder sb, String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            sb.append("\"'");
            appendDoublingQuotes(sb, s);
            sb.append('"');
            return;
        }
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
        appendDoublingQuotes(sb, s);
        sb.append('"');
    }

    private static void appendDoublingQuotes(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c);
            if (c == '"') {
                sb.append('"');
            }
        }
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
