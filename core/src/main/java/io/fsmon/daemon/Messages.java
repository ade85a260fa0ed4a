package io.fsmon.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control protocol's and the watch list's JSON: one object per line, read into plain maps,
 * lists, strings, longs, doubles and booleans (jackson-core's streaming API; the project does not
 * carry a data-binding library for a handful of small messages).
 *
 * <p>Every request carries {@code "v":1} and {@code "op"}; every answer {@code "ok"} and, when
 * refused, {@code "code"} (a stable word: {@code denied}, {@code usage}, {@code path_not_found},
 * ...) and {@code "error"} (one line for a human).
 */
public final class Messages {
    /** The protocol version this build speaks. */
    public static final int VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();
    /** Deepest nesting of objects and arrays read: a request nests three levels, the watch list two. */
    static final int MAX_DEPTH = 32;

    private Messages() {
    }

    /** Parses one JSON object. */
    public static Map<String, Object> parse(String line) throws IOException {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + line);
            }
            return object(p, 1);
        }
    }

    private static Map<String, Object> object(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            m.put(key, value(p, depth));
        }
        return m;
    }

    private static Object value(JsonParser p, int depth) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p, depth + 1);
            case START_ARRAY -> {
                if (depth + 1 > MAX_DEPTH) {
                    throw new IOException("nested deeper than " + MAX_DEPTH + " levels");
                }
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p, depth + 1));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> {
                // 1e999 parses to Infinity, which JSON cannot carry back: out of range is bad input.
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw new IOException("number out of range: " + p.getText());
                }
                yield d;
            }
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + p.currentToken());
        };
    }

    /** Writes a map (of maps, lists, strings, numbers, booleans) as one JSON line, without the newline. */
    public static String write(Map<String, ?> message) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, message);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() != null) {
                        g.writeFieldName(e.getKey().toString());
                        write(g, e.getValue());
                    }
                }
                g.writeEndObject();
            }
            case Iterable<?> l -> {
                g.writeStartArray();
                for (Object o : l) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }

    /** A request. */
    public static Map<String, Object> request(String op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("op", op);
        return m;
    }

    /** A successful answer. */
    public static Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        return m;
    }

    /** A refusal: a stable code and one line for a human. */
    public static Map<String, Object> refusal(String code, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("code", code);
        m.put("error", error);
        return m;
    }

    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static long number(Map<String, Object> m, String key, long dflt) {
        return m.get(key) instanceof Number n ? n.longValue() : dflt;
    }

    static boolean flag(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            return List.of();
        }
        // A client's [null] is bad input, answered as such; it must not reach a caller as a null
        // element (a NullPointerException there escaped the server's per-request handling).
        if (l.contains(null)) {
            throw new IllegalArgumentException(key + " holds a null element");
        }
        return (List<Object>) l;
    }
}
