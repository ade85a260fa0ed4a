package io.fsmon.daemon;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of TOML fsmon's config needs, parsed by hand: {@code key = value} with bare or quoted
 * keys; basic ("...", with TOML's escapes) and literal ('...') strings; integers (with {@code _});
 * booleans; arrays (across lines, trailing comma); inline tables; {@code [[name]]} arrays of
 * tables and {@code [name]} tables; {@code #} comments. Dates, floats, multi-line strings and
 * dotted keys are refused with the line number, as is what TOML forbids: a key defined twice
 * (in an inline table too), {@code [[name]]} after {@code name = [...]}, control characters in
 * strings. Nesting is bounded ({@link #MAX_DEPTH}), so no input can exhaust the stack.
 *
 * <p>A hand-written subset rather than a TOML library: jackson-dataformat-toml drags in
 * jackson-databind, and every client command reads the config (the figures are in the commit
 * that chose this).
 */
public final class Toml {
    /** Arrays and inline tables nested deeper than this are refused; fsmon's config needs 2. */
    static final int MAX_DEPTH = 32;
    private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9](_?[0-9])*)");

    private final String src;
    private final Set<List<Object>> tableArrays = Collections.newSetFromMap(new IdentityHashMap<>());
    private int pos;
    private int line = 1;
    private int depth;

    private Toml(String src) {
        this.src = src;
    }

    /**
     * A table of a parsed document: the key-value pairs in their order, plus the line each key
     * was defined on, so that a check of a value can name its line.
     */
    public static final class Table extends LinkedHashMap<String, Object> {
        private final Map<String, Integer> lines = new HashMap<>();

        /** The line {@code key} was defined on, or 0 when it was not. */
        public int line(String key) {
            return lines.getOrDefault(key, 0);
        }
    }

    /**
     * Parses UTF-8 bytes (the config file as read): the one entry point from outside data.
     *
     * @throws IllegalArgumentException "line N: what is wrong", and nothing else
     */
    public static Table parse(byte[] utf8) {
        ByteBuffer in = ByteBuffer.wrap(utf8);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
            return parse(text);
        } catch (CharacterCodingException e) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += utf8[i] == '\n' ? 1 : 0;
            }
            throw new IllegalArgumentException("line " + line + ": not UTF-8 text at byte offset " + in.position()
                    + "; TOML files are UTF-8");
        }
    }

    /** @throws IllegalArgumentException "line N: what is wrong", and nothing else */
    public static Table parse(String text) {
        return new Toml(text).document();
    }

    @SuppressWarnings("unchecked")
    private Table document() {
        Table root = new Table();
        Table table = root;
        while (true) {
            skipBlankAndComments();
            if (pos >= src.length()) {
                return root;
            }
            if (peek() == '[') {
                boolean array = src.startsWith("[[", pos);
                pos += array ? 2 : 1;
                skipSpaces();
                String name = key();
                skipSpaces();
                expect(array ? "]]" : "]");
                table = new Table();
                if (array) {
                    Object existing = root.get(name);
                    if (existing == null) {
                        List<Object> l = new ArrayList<>();
                        tableArrays.add(l);
                        define(root, name, l);
                        existing = l;
                    } else if (!(existing instanceof List<?> l) || !tableArrays.contains(l)) {
                        throw error("'" + name + "' is already defined on line " + root.line(name)
                                + "; [[" + name + "]] cannot add to it");
                    }
                    ((List<Object>) existing).add(table);
                } else {
                    define(root, name, table);
                }
                endOfLine();
                continue;
            }
            keyValue(table);
            endOfLine();
        }
    }

    private void keyValue(Table table) {
        int at = line;
        String k = key();
        skipSpaces();
        expect("=");
        skipSpaces();
        Object v = value();
        define(table, k, v, at);
    }

    private void define(Table table, String key, Object value) {
        define(table, key, value, line);
    }

    private void define(Table table, String key, Object value, int at) {
        if (table.containsKey(key)) {
            throw error("'" + key + "' is already defined on line " + table.line(key));
        }
        table.put(key, value);
        table.lines.put(key, at);
    }

    private String key() {
        if (pos < src.length() && (peek() == '"' || peek() == '\'')) {
            return string();
        }
        int start = pos;
        while (pos < src.length() && bareKeyChar(peek())) {
            pos++;
        }
        if (start == pos) {
            throw error(pos < src.length() ? "a key expected, not '" + printable(peek()) + "'" : "a key expected");
        }
        if (pos < src.length() && peek() == '.') {
            throw error("dotted keys are not supported");
        }
        return src.substring(start, pos);
    }

    private static boolean bareKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private Object value() {
        if (pos >= src.length()) {
            throw error("a value expected");
        }
        char c = peek();
        if (c == '"' || c == '\'') {
            return string();
        }
        if (c == '[' || c == '{') {
            if (++depth > MAX_DEPTH) {
                throw error("arrays and tables nested deeper than " + MAX_DEPTH + " levels");
            }
            pos++;
            Object v = c == '[' ? array() : inlineTable();
            depth--;
            return v;
        }
        int start = pos;
        while (pos < src.length() && "\n\r\t ,]}#".indexOf(peek()) < 0) {
            pos++;
        }
        String word = src.substring(start, pos);
        if (word.equals("true") || word.equals("false")) {
            return Boolean.parseBoolean(word);
        }
        if (word.isEmpty()) {
            throw error("a value expected");
        }
        if (INTEGER.matcher(word).matches()) {
            try {
                return Long.parseLong(word.replace("_", ""));
            } catch (NumberFormatException e) {
                throw error("integer out of range: " + word);
            }
        }
        throw error("unsupported value '" + word + "' (strings need quotes)");
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        while (true) {
            skipBlankAndComments();
            if (pos < src.length() && peek() == ']') {
                pos++;
                return l;
            }
            l.add(value());
            skipBlankAndComments();
            if (pos < src.length() && peek() == ',') {
                pos++;
            } else {
                expect("]");
                return l;
            }
        }
    }

    private Table inlineTable() {
        Table m = new Table();
        skipSpaces();
        if (pos < src.length() && peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipSpaces();
            keyValue(m);
            skipSpaces();
            if (pos < src.length() && peek() == ',') {
                pos++;
            } else {
                expect("}");
                return m;
            }
        }
    }

    private String string() {
        char quote = src.charAt(pos);
        if (src.startsWith(quote == '"' ? "\"\"\"" : "'''", pos)) {
            throw error("multi-line strings are not supported");
        }
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || peek() == '\n' || peek() == '\r') {
                throw error("unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string (use an escape)");
            }
            if (c == '\\' && quote == '"') {
                escape(sb);
            } else {
                sb.append(c);
            }
        }
    }

    /** After a backslash: TOML 1.0's escapes. */
    private void escape(StringBuilder sb) {
        if (pos >= src.length() || peek() == '\n' || peek() == '\r') {
            throw error("unterminated string (it ends with a backslash)");
        }
        char e = src.charAt(pos++);
        switch (e) {
            case 'b' -> sb.append('\b');
            case 't' -> sb.append('\t');
            case 'n' -> sb.append('\n');
            case 'f' -> sb.append('\f');
            case 'r' -> sb.append('\r');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'u', 'U' -> {
                int digits = e == 'u' ? 4 : 8;
                int cp = 0;
                for (int i = 0; i < digits; i++) {
                    int d = pos < src.length() ? Character.digit(peek(), 16) : -1;
                    if (d < 0) {
                        throw error("\\" + e + " needs " + digits + " hexadecimal digits");
                    }
                    cp = cp * 16 + d;
                    pos++;
                }
                if (cp < 0 || cp > Character.MAX_CODE_POINT || cp >= 0xD800 && cp <= 0xDFFF) {
                    throw error("\\" + e + " names no Unicode scalar value");
                }
                sb.appendCodePoint(cp);
            }
            default -> throw error("unknown escape \\" + printable(e));
        }
    }

    private void endOfLine() {
        skipSpaces();
        if (pos < src.length() && peek() == '#') {
            while (pos < src.length() && peek() != '\n') {
                pos++;
            }
        }
        if (pos < src.length() && peek() != '\n' && peek() != '\r') {
            throw error("unexpected '" + printable(peek()) + "'");
        }
    }

    private void skipBlankAndComments() {
        while (pos < src.length()) {
            char c = peek();
            if (c == '#') {
                while (pos < src.length() && peek() != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (c == '\n') {
                    line++;
                }
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipSpaces() {
        while (pos < src.length() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private void expect(String s) {
        if (!src.startsWith(s, pos)) {
            throw error("'" + s + "' expected" + (pos < src.length() ? ", not '" + printable(peek()) + "'" : " before the end"));
        }
        pos += s.length();
    }

    private char peek() {
        return src.charAt(pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04X", (int) c) : String.valueOf(c);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("line " + line + ": " + what);
    }
}
