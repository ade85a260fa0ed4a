package io.fsmon.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The JSON-lines event format, and its only owner: the monitor writes with this class and
 * {@code query} reads with it, so the two cannot disagree (a round-trip test keeps them honest).
 *
 * <p>One object per line, UTF-8, snake_case keys in the order of {@link Field}, each omitted when
 * its value is null; see {@code docs/product.md}, "One event". Example:
 * <pre>{"time":"2026-11-25T10:20:15.000000000Z","event_type":"OVERFLOW"}</pre>
 *
 * <p>Writing is on the hot path (300k events/s): each instance keeps two Jackson generators (one
 * for chars, one for UTF-8 bytes) over buffers that are reset, not reallocated, per event.
 * Therefore an instance is <b>not thread-safe</b>; use one per writing thread. Reading is
 * stateless. Unknown keys are ignored when reading, so later versions may add fields.
 */
public final class JsonLines implements EventFormat {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            // Jackson 2.x otherwise escapes characters outside the BMP (emoji) as \\uD83D\\uDE00
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final Rfc3339 time = new Rfc3339();
    private final CharArrayWriter chars = new CharArrayWriter(512);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    private JsonGenerator charGen;
    private JsonGenerator byteGen;
    private final ActorJson actorJson = new ActorJson(JsonLines::newGenerator);
    private final JsonLineBytes lineBytes = new JsonLineBytes(time);

    public JsonLines() {
        charGen = newGenerator(chars);
        byteGen = newGenerator(bytes);
    }

    /** No header: every line stands alone. */
    @Override
    public String header() {
        return null;
    }

    /**
     * The event as one JSON object without a trailing newline.
     *
     * @throws NullPointerException if the event has no time or no type: such a line could not be read back
     */
    @Override
    public String format(FileEvent e) {
        chars.reset();
        try {
            writeObject(charGen, e);
        } catch (IOException | RuntimeException x) {
            charGen = newGenerator(chars); // a failed generator keeps its half-written state
            throw rethrow(x);
        }
        return chars.toString();
    }

    /**
     * What ends a command line cut short to fit a limit (a Kafka record): visible in every output
     * format, with the UTF-8 length of the whole command line. Only the shipped copy is cut; the
     * local history keeps it whole.
     */
    public static String cutMark(long wholeBytes) {
        return " …[cut by fsmon: " + wholeBytes + " bytes in all]";
    }

    /** Writes the event and a newline to {@code out} in one {@code write} call. */
    public void write(FileEvent e, Writer out) throws IOException {
        format(e); // leaves the line in the char buffer, which is written without another copy
        chars.write('\n');
        chars.writeTo(out);
    }

    /**
     * Writes the event as UTF-8 and a newline to {@code out} in one {@code write} call, so that an
     * append-mode file never holds half a line from this writer.
     */
    @Override
    public void write(FileEvent e, OutputStream out) throws IOException {
        if (lineBytes.write(e, actorJson, out)) {
            return;
        }
        writeWithGenerator(e, out); // a lone surrogate: Jackson's own escape
    }

    /** {@link #write(FileEvent, OutputStream)} through Jackson's generator: what the faster path must equal. */
    void writeWithGenerator(FileEvent e, OutputStream out) throws IOException {
        bytes.reset();
        try {
            writeObject(byteGen, e);
        } catch (IOException | RuntimeException x) {
            byteGen = newGenerator(bytes);
            throw rethrow(x);
        }
        bytes.write('\n');
        bytes.writeTo(out);
    }

    private void writeObject(JsonGenerator g, FileEvent e) throws IOException {
        Objects.requireNonNull(e.time(), "event time");
        Objects.requireNonNull(e.type(), "event type");
        g.writeStartObject();
        g.writeFieldName(Field.TIME.json);
        g.writeString(time.buffer(), 0, time.write(e.time()));
        g.writeFieldName(Field.EVENT_TYPE.json);
        g.writeString(e.type().name());
        string(g, Field.PATH, e.path());
        string(g, Field.OLD_PATH, e.oldPath());
        Actor a = e.actor();
        if (a != null) {
            g.writeRaw(actorJson.head(a));
        }
        number(g, Field.FILE_SIZE, e.fileSize());
        number(g, Field.SIZE_CHANGE, e.sizeChange());
        if (a != null) {
            g.writeRaw(actorJson.tail());
        }
        instant(g, Field.SINCE, e.since());
        instant(g, Field.UNTIL, e.until());
        number(g, Field.DROPPED, e.dropped());
        g.writeEndObject();
        g.flush(); // moves the generator's own buffer into ours
    }

    private void instant(JsonGenerator g, Field f, Instant v) throws IOException {
        if (v != null) {
            g.writeFieldName(f.json);
            g.writeString(time.buffer(), 0, time.write(v));
        }
    }

    /** Writes field {@code f} when {@code v} is known (here and in {@link ActorJson}). */
    static void string(JsonGenerator g, Field f, String v) throws IOException {
        if (v != null) {
            g.writeFieldName(f.json);
            g.writeString(v);
        }
    }

    static void number(JsonGenerator g, Field f, Long v) throws IOException {
        if (v != null) {
            g.writeFieldName(f.json);
            g.writeNumber(v.longValue());
        }
    }

    static void number(JsonGenerator g, Field f, Integer v) throws IOException {
        if (v != null) {
            g.writeFieldName(f.json);
            g.writeNumber(v.intValue());
        }
    }

    private static JsonGenerator newGenerator(Object target) {
        try {
            JsonGenerator g = target instanceof Writer w ? FACTORY.createGenerator(w)
                    : FACTORY.createGenerator((OutputStream) target);
            g.setRootValueSeparator(null); // objects follow each other without Jackson's default space
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // creating a generator does no I/O
        }
    }

    private static RuntimeException rethrow(Exception x) {
        if (x instanceof RuntimeException r) {
            return r;
        }
        // only in-memory targets: an IOException here means the event could not be encoded
        return new IllegalArgumentException("cannot write event as JSON: " + x.getMessage(), x);
    }

    /**
     * Reads one line written by {@link #format}. Unknown keys are skipped, explicit {@code null}s
     * count as absent.
     *
     * @throws MalformedLineException if the line is not one JSON object, lacks {@code time} or
     *                                {@code event_type}, has a value of the wrong JSON type, an unknown event type, actor
     *                                fields without a {@code pid}, or {@code time}, {@code event_type}, {@code path} or
     *                                {@code old_path} twice
     */
    public FileEvent parse(String line) throws MalformedLineException {
        if (line == null || line.isBlank()) {
            throw new MalformedLineException("empty line");
        }
        try {
            return parse(FACTORY.createParser(line));
        } catch (IOException e) {
            throw new MalformedLineException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one line of UTF-8 bytes, {@code a[off, off+len)}, as {@link #parse(String)} does,
     * without first decoding it into a String (the history scan's hot path).
     */
    public FileEvent parse(byte[] a, int off, int len) throws MalformedLineException {
        FileEvent canonical = CanonicalReader.read(a, off, len); // the writer's own lines: no JSON parser needed
        if (canonical != null) {
            return canonical;
        }
        int end = off + len;
        while (end > off && (a[end - 1] == ' ' || a[end - 1] == '\r' || a[end - 1] == '\t')) {
            end--;
        }
        if (end == off) {
            throw new MalformedLineException("empty line");
        }
        try {
            return parse(FACTORY.createParser(a, off, end - off));
        } catch (IOException e) {
            throw new MalformedLineException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The event of the line {@code a[off, off+len)} when the line {@link #isCanonical}, read straight
     * from its bytes (one walk over the line serves both); null when it is not canonical.
     */
    public static FileEvent parseCanonical(byte[] a, int off, int len) {
        return CanonicalReader.read(a, off, len);
    }

    /**
     * Whether the line {@code a[off, off+len)} (without its newline) is exactly what {@link #format}
     * writes for the event {@link #parse(byte[], int, int)} reads from it, so that it may be copied
     * instead of read and written again. Never true for a line {@code parse} refuses; may be false
     * for a valid line in another form (other key order, escapes, spacing).
     */
    public static boolean isCanonical(byte[] a, int off, int len) {
        return CanonicalLine.test(a, off, len);
    }

    /**
     * The bytes this class writes before the value of the field named {@code key}: the quoted key
     * and its colon, {@code "pid":}, with no space. The history scan looks for them in raw lines.
     *
     * @throws IllegalArgumentException if no field has this key
     */
    public static byte[] valuePrefix(String key) {
        for (Field f : Field.values()) {
            if (f.key.equals(key)) {
                return ("\"" + key + "\":").getBytes(StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalArgumentException("no field '" + key + "'");
    }

    private static FileEvent parse(JsonParser parser) throws MalformedLineException {
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException("not a JSON object");
            }
            FileEvent e = readFields(p);
            if (p.nextToken() != null) {
                throw new MalformedLineException("trailing content after the JSON object");
            }
            return e;
        } catch (IOException e) { // JsonProcessingException, with Jackson's precise reason
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new MalformedLineException("invalid JSON: " + why, e);
        }
    }

    private static FileEvent readFields(JsonParser p) throws IOException, MalformedLineException {
        Instant time = null;
        EventType type = null;
        String path = null, oldPath = null, comm = null, cmd = null, exe = null, user = null, loginUser = null,
                container = null;
        Integer pid = null, tid = null, ppid = null, uid = null, loginUid = null;
        Long fileSize = null, sizeChange = null, dropped = null;
        Instant since = null, until = null;
        java.util.List<Actor.Ancestor> chain = null;
        boolean actorField = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (key) {
                // The history scan reads these four from the raw line, where the first one counts
                // (io.fsmon.history.Prefilter): a second one would make the two readings differ.
                case "time" -> time = instant(text(p, once(key, time)));
                case "event_type" -> type = eventType(text(p, once(key, type)));
                case "path" -> path = text(p, once(key, path));
                case "old_path" -> oldPath = text(p, once(key, oldPath));
                case "pid" -> pid = integer(p, key);
                case "file_size" -> fileSize = longValue(p, key);
                case "size_change" -> sizeChange = longValue(p, key);
                case "tid" -> { tid = integer(p, key); actorField = true; }
                case "ppid" -> { ppid = integer(p, key); actorField = true; }
                case "comm" -> { comm = text(p, key); actorField = true; }
                case "cmd" -> { cmd = text(p, key); actorField = true; }
                case "exe" -> { exe = text(p, key); actorField = true; }
                case "uid" -> { uid = integer(p, key); actorField = true; }
                case "user" -> { user = text(p, key); actorField = true; }
                case "login_uid" -> { loginUid = integer(p, key); actorField = true; }
                case "login_user" -> { loginUser = text(p, key); actorField = true; }
                case "container" -> { container = text(p, key); actorField = true; }
                case "chain" -> { chain = chain(p); actorField = true; }
                case "since" -> since = instant(text(p, key));
                case "until" -> until = instant(text(p, key));
                case "dropped" -> dropped = longValue(p, key);
                default -> p.skipChildren(); // a later version's field
            }
        }
        if (time == null) {
            throw new MalformedLineException("missing time");
        }
        if (type == null) {
            throw new MalformedLineException("missing event_type");
        }
        if (actorField && pid == null) {
            throw new MalformedLineException("process fields without pid");
        }
        Actor actor = pid == null ? null
                : new Actor(pid, tid, ppid, comm, cmd, exe, uid, user, loginUid, loginUser, container, chain);
        return new FileEvent(time, type, path, oldPath, actor, fileSize, sizeChange, since, until, dropped);
    }

    /** {@code key}, when its field has no value yet ({@code value} null). */
    private static String once(String key, Object value) throws MalformedLineException {
        if (value != null) {
            throw new MalformedLineException("'" + key + "' given twice");
        }
        return key;
    }

    private static java.util.List<Actor.Ancestor> chain(JsonParser p) throws IOException, MalformedLineException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedLineException("'chain' is not an array");
        }
        java.util.List<Actor.Ancestor> out = new java.util.ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Integer lpid = null;
            String lcomm = null, luser = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (k) {
                    case "pid" -> lpid = integer(p, "chain.pid");
                    case "comm" -> lcomm = text(p, "chain.comm");
                    case "user" -> luser = text(p, "chain.user");
                    default -> p.skipChildren();
                }
            }
            if (lpid == null) {
                throw new MalformedLineException("chain link without pid");
            }
            out.add(new Actor.Ancestor(lpid, lcomm, luser));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new MalformedLineException("'chain' holds something other than objects");
        }
        return out;
    }

    private static String text(JsonParser p, String key) throws IOException, MalformedLineException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new MalformedLineException("'" + key + "' is not a string");
        }
        return p.getText();
    }

    private static int integer(JsonParser p, String key) throws IOException, MalformedLineException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new MalformedLineException("'" + key + "' is not a 32-bit integer");
        }
        return p.getIntValue();
    }

    private static long longValue(JsonParser p, String key) throws IOException, MalformedLineException {
        JsonParser.NumberType t = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getNumberType() : null;
        if (t != JsonParser.NumberType.INT && t != JsonParser.NumberType.LONG) {
            throw new MalformedLineException("'" + key + "' is not a 64-bit integer");
        }
        return p.getLongValue();
    }

    private static Instant instant(String s) throws MalformedLineException {
        Instant fast = Rfc3339.parseFixed(s);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new MalformedLineException("time '" + s + "' is not RFC 3339", e);
        }
    }

    private static EventType eventType(String s) throws MalformedLineException {
        return EventType.parse(s).orElseThrow(() -> new MalformedLineException("unknown event_type '" + s + "'"));
    }
}
