package io.fsmon.daemon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fsmon.event.EventType;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import io.fsmon.monitor.MonitorConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.fsmon.daemon.JsonValues.field;
import static io.fsmon.daemon.JsonValues.flag;
import static io.fsmon.daemon.JsonValues.optional;
import static io.fsmon.daemon.JsonValues.text;
import static io.fsmon.daemon.JsonValues.texts;
import static io.fsmon.daemon.JsonValues.whole;

/**
 * The control protocol's JSON lines, both directions, and the persisted watch list: the one owner
 * of the wire format. One object per line; a request carries {@code "v":1} and {@code "op"}
 * ({@code status}, {@code list}, {@code add} with a {@code watch}, {@code remove} with a
 * {@code path}, {@code tail} with a {@code filter}, {@code stop}); an answer carries {@code "ok"}
 * and, when refused, {@code "code"} (the reason's lower-case name: {@code denied}, {@code usage},
 * {@code path_not_found}, {@code busy}, {@code too_large}, ...) and {@code "error"} (one line for a
 * human). A tail's events are the history's lines ({@link JsonLines} owns them).
 *
 * <p>Decoding lets no exception out but {@link MalformedMessageException}, which a server answers
 * as a bad request. Members this build does not know are skipped, so a later version may add
 * some; a member of the wrong type is refused. An answer carries no kind of its own: it is read as
 * the answer to the request it follows.
 */
public final class ControlCodec {
    /** The protocol version this build speaks. */
    public static final int VERSION = 1;

    private ControlCodec() {
    }

    /** A request's operation, as it travels. */
    public static String op(Request r) {
        return switch (r) {
            case Request.Status _ -> "status";
            case Request.ListWatches _ -> "list";
            case Request.Add _ -> "add";
            case Request.Remove _ -> "remove";
            case Request.Tail _ -> "tail";
            case Request.Stop _ -> "stop";
        };
    }

    /** One request line, without the newline. */
    public static String encode(Request r) {
        return JsonValues.object(g -> {
            g.writeNumberField("v", VERSION);
            g.writeStringField("op", op(r));
            switch (r) {
                case Request.Add a -> watch(g, "watch", a.watch());
                case Request.Remove rm -> g.writeStringField("path", rm.path());
                case Request.Tail t -> filter(g, t.filter());
                case Request.Status _, Request.ListWatches _, Request.Stop _ -> {
                }
            }
        });
    }

    /** Reads a request line: its version, operation and members. */
    public static Request decodeRequest(String line) throws MalformedMessageException {
        return JsonValues.read(line, "request", p -> {
            String version = null;
            String op = null;
            String path = null;
            Options watch = null;
            Options filter = null;
            for (String f; (f = field(p)) != null; ) {
                switch (f) {
                    case "v" -> version = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getText() : skip(p);
                    case "op" -> op = text(p);
                    case "path" -> path = text(p);
                    case "watch" -> watch = Options.read(p);
                    case "filter" -> filter = Options.read(p);
                    default -> p.skipChildren();
                }
            }
            if (!String.valueOf(VERSION).equals(version)) {
                throw new MalformedMessageException("protocol version " + version + " is not spoken here (version "
                        + VERSION + " is)");
            }
            return switch (String.valueOf(op)) {
                case "status" -> new Request.Status();
                case "list" -> new Request.ListWatches();
                case "add" -> new Request.Add(JsonValues.required(watch, "bad request: 'add' needs a 'watch'").watch());
                case "remove" -> new Request.Remove(JsonValues.required(path, "bad request: 'remove' needs a 'path'"));
                case "tail" -> new Request.Tail(filter == null ? TailFilter.ANY : filter.filter());
                case "stop" -> new Request.Stop();
                default -> throw new MalformedMessageException("unknown operation '" + op + "'");
            };
        });
    }

    /** One answer line without the newline; a tail's event as the history's line. */
    public static String encode(Reply r) {
        if (r instanceof Reply.Event e) {
            return new JsonLines().format(e.event());
        }
        return JsonValues.object(g -> {
            g.writeBooleanField("ok", !(r instanceof Reply.Failure));
            switch (r) {
                case Reply.Failure f -> {
                    g.writeStringField("code", f.reason().name().toLowerCase(Locale.ROOT));
                    g.writeStringField("error", f.message());
                }
                case StatusReport s -> StatusJson.write(g, s);
                case Reply.Watches w -> StatusJson.watches(g, w.watches());
                case Reply.Added a -> JsonValues.texts(g, "watching", a.watching());
                case Reply.Removed rm -> optional(g, "note", rm.note());
                case Reply.Stopping s -> g.writeNumberField("pid", s.pid());
                case Reply.Streaming _, Reply.Event _ -> {
                }
            }
        });
    }

    /**
     * Reads the answer to {@code answered}: its reply, or the daemon's {@link Reply.Failure}. (The
     * events that follow an accepted tail are read with {@link #decodeEvent}.)
     */
    public static Reply decodeReply(Request answered, String line) throws MalformedMessageException {
        Reply.Failure refused = JsonValues.read(line, "answer", ControlCodec::refusal);
        if (refused != null) {
            return refused;
        }
        return JsonValues.read(line, "answer", p -> switch (answered) {
            case Request.Status _ -> StatusJson.read(p);
            case Request.ListWatches _ -> new Reply.Watches(member(p, "watches", StatusJson::watches, List.of()));
            case Request.Add _ -> new Reply.Added(member(p, "watching", JsonValues::texts, List.of()));
            case Request.Remove _ -> new Reply.Removed(member(p, "note", JsonValues::text, null));
            case Request.Tail _ -> {
                p.skipChildren();
                yield new Reply.Streaming();
            }
            case Request.Stop _ -> new Reply.Stopping(JsonValues.required(member(p, "pid", JsonValues::whole, null),
                    "bad answer: no 'pid' in the answer to 'stop'"));
        });
    }

    /** Reads one line of a tail's stream. */
    public static Reply.Event decodeEvent(String line) throws MalformedMessageException {
        try {
            return new Reply.Event(JsonValues.EVENTS.parse(line));
        } catch (MalformedLineException e) {
            throw new MalformedMessageException(e.getMessage(), e);
        }
    }

    /** {@code status --format json}: the report without the protocol's {@code ok}. */
    public static String statusDocument(StatusReport s) {
        return JsonValues.object(g -> StatusJson.write(g, s));
    }

    /** {@code status --format json} when no daemon answers. */
    public static String notRunningDocument(String error) {
        return JsonValues.object(g -> {
            g.writeBooleanField("running", false);
            g.writeStringField("error", error);
        });
    }

    /** The persisted watch list: {@code {"v":1,"watches":[...]}}. */
    public static String encodeWatchList(List<WatchSpec> watches) {
        return JsonValues.object(g -> {
            g.writeNumberField("v", VERSION);
            g.writeArrayFieldStart("watches");
            for (WatchSpec w : watches) {
                watch(g, null, w);
            }
            g.writeEndArray();
        });
    }

    /** Reads the persisted watch list. */
    public static List<WatchSpec> decodeWatchList(String text) throws MalformedMessageException {
        return JsonValues.read(text, "watch list", p -> member(p, "watches", q -> {
            List<WatchSpec> out = new ArrayList<>();
            if (JsonValues.array(q)) {
                while (JsonValues.element(q)) {
                    out.add(Options.read(q).watch());
                }
            }
            return out;
        }, List.of()));
    }

    /** An object's member {@code name} (its others skipped), or {@code absent}; a JSON null is {@code absent} too. */
    private static <T> T member(JsonParser p, String name, JsonValues.Reader<T> value, T absent)
            throws IOException, MalformedMessageException {
        T v = null;
        for (String f; (f = field(p)) != null; ) {
            if (f.equals(name)) {
                v = value.read(p);
            } else {
                p.skipChildren();
            }
        }
        return v == null ? absent : v;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** The refusal an answer carries, or null when it says {@code "ok":true}. */
    private static Reply.Failure refusal(JsonParser p) throws IOException {
        boolean ok = false;
        String code = null;
        String error = null;
        for (String f; (f = field(p)) != null; ) {
            switch (f) {
                case "ok" -> ok = flag(p);
                case "code" -> code = text(p);
                case "error" -> error = text(p);
                default -> p.skipChildren();
            }
        }
        if (ok) {
            return null;
        }
        DaemonException.Reason reason = DaemonException.Reason.FAILURE; // a code this build does not know
        for (DaemonException.Reason r : DaemonException.Reason.values()) {
            reason = r.name().toLowerCase(Locale.ROOT).equals(code) ? r : reason;
        }
        return new Reply.Failure(reason, error != null ? error : "the daemon refused without saying why");
    }

    /** A watch's options; {@code name} null inside an array. */
    static void watch(JsonGenerator g, String name, WatchSpec w) throws IOException {
        if (name != null) {
            g.writeFieldName(name);
        }
        g.writeStartObject();
        g.writeStringField("path", w.path());
        g.writeBooleanField("recursive", w.recursive());
        JsonValues.texts(g, "types", JsonValues.sorted(w.types()));
        JsonValues.texts(g, "exclude", w.excludes());
        optional(g, "min_size", w.minSize());
        JsonValues.pids(g, "pids", w.pids());
        optional(g, "cmd", w.cmd());
        JsonValues.texts(g, "users", JsonValues.sorted(w.users()));
        g.writeStringField("marks", w.marks().name().toLowerCase(Locale.ROOT));
        g.writeEndObject();
    }

    private static void filter(JsonGenerator g, TailFilter f) throws IOException {
        g.writeObjectFieldStart("filter");
        if (!f.types().isEmpty()) { // none: every type
            JsonValues.texts(g, "types", JsonValues.sorted(f.types()));
        }
        JsonValues.texts(g, "exclude", f.excludes());
        optional(g, "min_size", f.minSize());
        JsonValues.pids(g, "pids", f.pids());
        optional(g, "cmd", f.cmd());
        JsonValues.texts(g, "users", JsonValues.sorted(f.users()));
        g.writeEndObject();
    }

    /** The members a watch and a tail's filter share, and a watch's own, as read. */
    record Options(String path, boolean recursive, Set<EventType> types, List<String> excludes, Long minSize,
                           Set<Integer> pids, String cmd, List<String> users, String marks) {
        static Options read(JsonParser p) throws IOException {
            JsonValues.requireObject(p);
            String path = null;
            String cmd = null;
            String marks = null;
            boolean recursive = false;
            Set<EventType> types = null;
            List<String> excludes = null;
            List<String> users = null;
            Long minSize = null;
            Set<Integer> pids = null;
            for (String f; (f = field(p)) != null; ) {
                switch (f) {
                    case "path" -> path = text(p);
                    case "recursive" -> recursive = flag(p);
                    case "types" -> types = JsonValues.types(p);
                    case "exclude" -> excludes = texts(p);
                    case "min_size" -> minSize = JsonValues.size(p);
                    case "pids" -> pids = JsonValues.pids(p);
                    case "cmd" -> cmd = text(p);
                    case "users" -> users = texts(p);
                    case "marks" -> marks = text(p);
                    default -> p.skipChildren();
                }
            }
            return new Options(path, recursive, types, excludes, minSize, pids, cmd, users, marks);
        }

        WatchSpec watch() {
            return new WatchSpec(path, recursive, types, excludes, minSize, pids, cmd,
                    users == null ? null : Set.copyOf(users),
                    marks == null ? null : MonitorConfig.MarkMode.valueOf(marks.toUpperCase(Locale.ROOT)));
        }

        TailFilter filter() {
            return new TailFilter(types, excludes, minSize, pids, cmd, users == null ? null : Set.copyOf(users));
        }
    }
}
