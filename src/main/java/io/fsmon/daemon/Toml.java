package io.fsmon.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of TOML fsmon's config needs, parsed by hand (no TOML library in the build):
 * {@code key = value} with bare or quoted keys; basic ("...", with escapes) and literal ('...')
 * strings; integers (with {@code _}); booleans; arrays (across lines, trailing comma); inline
 * tables; {@code [[name]]} arrays of tables and {@code [name]} tables; {@code #} comments.
 * Dates, floats and dotted keys are refused with the line number.
 */
public final class Toml {
    private final String src;
    private int pos;
    private int line = 1;

    private Toml(String src) {
        this.src = src;
    }

    /** @throws IllegalArgumentException "line N: what is wrong" */
    public static Map<String, Object> parse(String text) {
        return new Toml(text).document();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> document() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> table = root;
        while (true) {
            skipBlankAndComments(true);
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
                if (array) {
                    Object existing = root.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!(existing instanceof List<?>)) {
                        throw error("'" + name + "' is not an array of tables");
                    }
                    table = new LinkedHashMap<>();
                    ((List<Object>) existing).add(table);
                } else {
                    table = new LinkedHashMap<>();
                    if (root.putIfAbsent(name, table) != null) {
                        throw error("table '" + name + "' defined twice");
                    }
                }
                endOfLine();
                continue;
            }
            String k = key();
            skipSpaces();
            expect("=");
            skipSpaces();
            Object v = value();
            if (table.putIfAbsent(k, v) != null) {
                throw error("key '" + k + "' defined twice");
            }
            endOfLine();
        }
    }

    private String key() {
        if (pos < src.length() && (peek() == '"' || peek() == '\'')) {
            return string();
        }
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
            pos++;
        }
        if (start == pos) {
            throw error("a key expected");
        }
        if (pos < src.length() && peek() == '.') {
            throw error("dotted keys are not supported");
        }
        return src.substring(start, pos);
    }

    private Object value() {
        if (pos >= src.length()) {
            throw error("a value expected");
        }
        char c = peek();
        if (c == '"' || c == '\'') {
            return string();
        }
        if (c == '[') {
            pos++;
            List<Object> l = new ArrayList<>();
            while (true) {
                skipBlankAndComments(true);
                if (pos < src.length() && peek() == ']') {
                    pos++;
                    return l;
                }
                l.add(value());
                skipBlankAndComments(true);
                if (pos < src.length() && peek() == ',') {
                    pos++;
                } else {
                    skipBlankAndComments(true);
                    expect("]");
                    return l;
                }
            }
        }
        if (c == '{') {
            pos++;
            Map<String, Object> m = new LinkedHashMap<>();
            skipSpaces();
            if (pos < src.length() && peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipSpaces();
                String k = key();
                skipSpaces();
                expect("=");
                skipSpaces();
                m.put(k, value());
                skipSpaces();
                if (pos < src.length() && peek() == ',') {
                    pos++;
                } else {
                    expect("}");
                    return m;
                }
            }
        }
        int start = pos;
        while (pos < src.length() && "\n\r\t ,]}#".indexOf(peek()) < 0) {
            pos++;
        }
        String word = src.substring(start, pos);
        if (word.equals("true") || word.equals("false")) {
            return Boolean.parseBoolean(word);
        }
        try {
            return Long.parseLong(word.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("unsupported value '" + word + "' (strings need quotes)");
        }
    }

    private String string() {
        char quote = src.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || peek() == '\n') {
                throw error("unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && quote == '"') {
                char e = src.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            } else {
                sb.append(c);
            }
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
            throw error("unexpected '" + peek() + "'");
        }
    }

    private void skipBlankAndComments(boolean newlines) {
        while (pos < src.length()) {
            char c = peek();
            if (c == '#') {
                while (pos < src.length() && peek() != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
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
            throw error("'" + s + "' expected");
        }
        pos += s.length();
    }

    private char peek() {
        return src.charAt(pos);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("line " + line + ": " + what);
    }
}
