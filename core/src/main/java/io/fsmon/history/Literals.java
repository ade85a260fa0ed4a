package io.fsmon.history;

import io.fsmon.filter.EventFilter;
import io.fsmon.filter.Glob;
import io.fsmon.log.JsonLines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a history line must hold to be selected by the query's path, process and user
 * filters, so that a line without them is ruled out unparsed, as {@code grep -F} would.
 *
 * <p>Why this is exact for any valid JSON line, not only for the writer's: a line without a
 * backslash holds every string value verbatim (only an escape can change a string's bytes), so
 * a line whose {@code user} is {@code alice} holds {@code "alice"}, one whose command matches
 * {@code rsync*} holds {@code rsync}, one whose pid is 812 holds {@code 812}, whatever its key order
 * or spacing. A line holding a backslash is never ruled out here (the scanner finds backslashes in
 * the same pass as the needles). The key-qualified forms ({@code "user":"alice"},
 * {@code "pid":812}) are more selective but hold only in compact lines: they rule out a line only
 * when it holds neither a backslash nor whitespace next to a quote or colon (a compact line).
 *
 * <p>Each constraint the query ANDs (paths, pids, users, command, ancestor, one or two types) is one {@link Clause}
 * whose literals are alternatives. The scan searches for the clause that looks most selective
 * ({@link #scan}); every clause is checked on the lines found.
 */
final class Literals {
    /**
     * One constraint: a selected line without a backslash holds one of {@code any}; if it is
     * compact too, one of {@code keyed} (followed by a non-digit where {@code numeric}), or keyed is null.
     */
    record Clause(byte[][] any, byte[][] keyed, boolean numeric) {
    }

    private final List<Clause> clauses;
    /** The literals of the clause to search for, at most two; null when no clause can be searched. */
    final byte[][] scan;

    private Literals(List<Clause> clauses) {
        this.clauses = clauses;
        Clause best = null;
        for (Clause c : clauses) {
            // one-byte literals are left to the line-by-line checks: the search stops at single bytes
            // for line ends and backslashes only
            if (c.any.length <= 2 && (c.any.length == 0 || score(c) > 1) && (best == null || score(c) > score(best))) {
                best = c;
            }
        }
        this.scan = best == null ? null : best.any;
    }

    /** Longer literals are rarer; a clause nothing can satisfy is the best of all. */
    private static int score(Clause c) {
        int min = Integer.MAX_VALUE;
        for (byte[] l : c.any) {
            min = Math.min(min, l.length);
        }
        return min;
    }

    static Literals of(Query q) {
        List<Clause> out = new ArrayList<>();
        EventFilter f = q.filter();
        if (!q.paths().isEmpty()) {
            globs(q.paths(), out);
        }
        if (f.cmd() != null) {
            globs(List.of(f.cmd()), out);
        }
        if (q.ancestor() != null) {
            globs(List.of(q.ancestor()), out); // a link's comm, or its pid written as the glob is
        }
        if (!f.pids().isEmpty()) {
            List<byte[]> any = new ArrayList<>();
            List<byte[]> keyed = new ArrayList<>();
            for (int pid : f.pids()) {
                any.add(utf8(Integer.toString(pid)));
                keyed.add(concat(JsonLines.valuePrefix("pid"), utf8(Integer.toString(pid))));
            }
            out.add(new Clause(any.toArray(byte[][]::new), keyed.toArray(byte[][]::new), true));
        }
        if (!f.users().isEmpty()) {
            users(f, out);
        }
        if (!f.types().isEmpty() && f.types().size() <= 2) {
            // a type is a string value too (markers, which every query shows, are found apart)
            out.add(new Clause(f.types().stream().map(t -> utf8("\"" + t.name() + "\"")).toArray(byte[][]::new), null, false));
        }
        return new Literals(List.copyOf(out));
    }

    /** A user is selected by its name, or by its uid when the name is all digits. */
    private static void users(EventFilter f, List<Clause> out) {
        List<byte[]> any = new ArrayList<>();
        List<byte[]> keyed = new ArrayList<>();
        boolean numeric = false;
        for (String u : f.users()) {
            if (!u.isEmpty() && u.chars().allMatch(c -> c >= '0' && c <= '9')) {
                any.add(utf8(u)); // the uid's digits, and inside the quotes of a name made of them
                keyed.add(concat(JsonLines.valuePrefix("uid"), utf8(u)));
                keyed.add(concat(JsonLines.valuePrefix("user"), utf8("\"" + u + "\"")));
                numeric = true;
            } else if (verbatim(u)) {
                any.add(utf8("\"" + u + "\""));
                keyed.add(concat(JsonLines.valuePrefix("user"), utf8("\"" + u + "\"")));
            }
            // else: a name holding a quote, backslash or control character is always escaped, so only
            // a line with a backslash can hold it, and those are never ruled out
        }
        // the uid's digits must be followed by a non-digit: "user":"1000" passes that test too
        out.add(new Clause(any.toArray(byte[][]::new), keyed.toArray(byte[][]::new), numeric));
    }

    /** A clause for globs ORed: each one's longest literal; none when one glob has no literal. */
    private static void globs(List<Glob> globs, List<Clause> out) {
        List<byte[]> any = new ArrayList<>();
        for (Glob g : globs) {
            String lit = Prefilter.longestLiteral(g.pattern());
            if (lit == null) {
                return;
            }
            any.add(utf8(lit));
        }
        out.add(new Clause(any.toArray(byte[][]::new), null, false));
    }

    private static boolean verbatim(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return clauses.isEmpty();
    }

    /**
     * Whether the line {@code a[from, to)} may be selected: false only when it holds no backslash
     * and lacks the literals of some clause.
     */
    boolean mayMatch(byte[] a, int from, int to) {
        if (clauses.isEmpty() || ByteSearch.indexOf(a, from, to, (byte) '\\') >= 0) {
            return true;
        }
        int compact = 0; // unknown, 1 yes, -1 no: decided once, when a keyed clause needs it
        for (Clause c : clauses) {
            if (!holdsAny(a, from, to, c.any, false)) {
                return false;
            }
            if (c.keyed != null) {
                if (compact == 0) {
                    compact = compact(a, from, to) ? 1 : -1;
                }
                if (compact > 0 && !holdsAny(a, from, to, c.keyed, c.numeric)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holdsAny(byte[] a, int from, int to, byte[][] literals, boolean numeric) {
        for (byte[] l : literals) {
            if (numeric ? ByteSearch.containsNumber(a, from, to, l) : ByteSearch.contains(a, from, to, l)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether no JSON whitespace follows a quote or a quote and colon: then every key is followed
     * directly by its colon and value, as in {@code "pid":812}. (Inside a string of a line without
     * backslashes a quote cannot occur, so these sequences only occur between tokens.)
     */
    static boolean compact(byte[] a, int from, int to) {
        if (ByteSearch.indexOfEither(a, from, to, (byte) '\t', (byte) '\r') >= 0) {
            return false; // whitespace that is never inside a string of a valid line: not compact, or not valid
        }
        for (int i = ByteSearch.indexOf(a, from + 1, to, (byte) ' '); i >= 0; i = ByteSearch.indexOf(a, i + 1, to, (byte) ' ')) {
            byte p = a[i - 1];
            if (p == '"' || p == ':' && i - 2 >= from && a[i - 2] == '"') {
                return false;
            }
        }
        return true;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
