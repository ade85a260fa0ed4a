package io.fsmon.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.fsmon.event.EventType;
import io.fsmon.filter.Sizes;
import io.fsmon.log.JsonLines;

import java.io.IOException;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The typed reading and writing {@link ControlCodec} is built of (jackson-core's streaming API):
 * a member of the wrong type is an {@link IllegalArgumentException} naming it, which
 * {@link #read} turns, with every parse error, into a {@link MalformedMessageException}. Knows
 * JSON, not the protocol.
 */
final class JsonValues {
    /** Deepest nesting read (the README's promise): a request nests three levels, a status four. */
    static final int MAX_DEPTH = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
    /** Reading events is stateless (only writing keeps buffers). */
    static final JsonLines EVENTS = new JsonLines();

    private JsonValues() {
    }

    /** Writes an object's members. */
    interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    /** Reads the value at the parser's current token (an object or array through its end). */
    interface Reader<T> {
        T read(JsonParser p) throws IOException, MalformedMessageException;
    }

    /** One JSON object as a line, without the newline. */
    static String object(Members members) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            members.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** Reads one JSON object (and nothing after it); {@code what} names it in messages ("request"). */
    static <T> T read(String text, String what, Reader<T> reader) throws MalformedMessageException {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedMessageException("not a JSON object: " + text);
            }
            T t = reader.read(p);
            if (p.nextToken() != null) {
                throw new MalformedMessageException("not a JSON " + what + ": more after its end");
            }
            return t;
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not a JSON " + what + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedMessageException("not a JSON " + what + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new MalformedMessageException("bad " + what + ": " + e.getMessage(), e);
        }
    }

    /** The next member's name with the parser on its value, or null at the object's end. */
    static String field(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null; // END_OBJECT: anything else is a syntax error the parser reports itself
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    static void requireObject(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrong(p, "an object");
        }
    }

    /** True on an array's start (then read it with {@link #element}); false on null. */
    static boolean array(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_ARRAY -> true;
            case VALUE_NULL -> false;
            default -> throw wrong(p, "a list");
        };
    }

    /** Moves to an array's next element: false at its end. */
    static boolean element(JsonParser p) throws IOException {
        return p.nextToken() != JsonToken.END_ARRAY;
    }

    static <T> T required(T value, String message) throws MalformedMessageException {
        if (value == null) {
            throw new MalformedMessageException(message);
        }
        return value;
    }

    static String text(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw wrong(p, "a string");
        };
    }

    static boolean flag(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw wrong(p, "true or false");
        };
    }

    static Long whole(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new IllegalArgumentException("'" + p.currentName() + "' is out of range: " + p.getText());
                }
                yield p.getLongValue();
            }
            case VALUE_NULL -> null;
            default -> throw wrong(p, "a whole number");
        };
    }

    static long whole(JsonParser p, long absent) throws IOException {
        Long n = whole(p);
        return n == null ? absent : n;
    }

    /** A size: bytes, or a size as {@code -m} takes it ("1KB"). */
    static Long size(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return Sizes.parse(p.getText());
        }
        return whole(p); // not in one ?: with parse's long, which would unbox a null here
    }

    static Instant instant(JsonParser p) throws IOException {
        String s = text(p);
        return s == null ? null : Instant.parse(s);
    }

    /** A list of strings; a single string is a list of one; null is null. */
    static List<String> texts(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return List.of(p.getText());
        }
        String name = p.currentName();
        if (!array(p)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        while (element(p)) {
            switch (p.currentToken()) {
                case VALUE_STRING -> out.add(p.getText());
                case VALUE_NULL -> throw new IllegalArgumentException("'" + name + "' holds a null element");
                default -> throw new IllegalArgumentException("'" + name + "' must be a list of strings");
            }
        }
        return out;
    }

    /** Event types: a list of names, or one comma-separated string; none is null. */
    static Set<EventType> types(JsonParser p) throws IOException {
        List<String> names = texts(p);
        return names == null || names.isEmpty() ? null : EventType.parseList(String.join(",", names));
    }

    static Set<Integer> pids(JsonParser p) throws IOException {
        String name = p.currentName();
        Set<Integer> out = new LinkedHashSet<>();
        if (array(p)) {
            while (element(p)) {
                Long n = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? whole(p) : null;
                if (n == null || n != n.intValue()) {
                    throw new IllegalArgumentException("'" + name + "' must be a list of pids");
                }
                out.add(n.intValue());
            }
        }
        return out;
    }

    static void texts(JsonGenerator g, String name, Collection<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    static void pids(JsonGenerator g, String name, Collection<Integer> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (int v : values.stream().sorted().toList()) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    /** Writes the member unless the value is null (absent means null). */
    static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    static void optional(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    static void optional(JsonGenerator g, String name, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value.toString());
        }
    }

    static List<String> sorted(Collection<?> values) {
        return values.stream().map(v -> v instanceof Enum<?> e ? e.name() : v.toString()).sorted().toList();
    }

    private static IllegalArgumentException wrong(JsonParser p, String expected) throws IOException {
        return new IllegalArgumentException("'" + p.currentName() + "' must be " + expected);
    }
}
