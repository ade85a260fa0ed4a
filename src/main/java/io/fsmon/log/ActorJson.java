package io.fsmon.log;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.fsmon.event.Actor;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.util.function.Function;

/**
 * The actor's fields of a JSON line, encoded once and reused while events carry the same Actor
 * instance. Events come in runs from one process, and re-escaping its command line for every event
 * was a fifth of the drain's CPU time. {@link JsonLines} decides where the two parts go: the
 * {@linkplain #head head} (pid to login_user) before the sizes, the {@linkplain #tail tail}
 * (container, chain) after them. Not thread-safe: one per {@link JsonLines}.
 */
final class ActorJson {
    private final CharArrayWriter chars = new CharArrayWriter(256);
    private final Function<CharArrayWriter, JsonGenerator> generators;
    private JsonGenerator gen;
    private Actor actor;
    private SerializedString head;
    private SerializedString tail;

    ActorJson(Function<CharArrayWriter, JsonGenerator> generators) {
        this.generators = generators;
        this.gen = generators.apply(chars);
    }

    /** {@code ,"pid":…} up to {@code login_user}, raw JSON to follow the fields before it. */
    SerializedString head(Actor a) throws IOException {
        encode(a);
        return head;
    }

    /** {@code ,"container":…,"chain":[…]}, or empty; call after {@link #head} with the same actor. */
    SerializedString tail() {
        return tail;
    }

    private void encode(Actor a) throws IOException {
        if (actor == a) {
            return; // by identity: the monitor hands out one Actor per process and batch; equals() on a
                    // record is a chain of method handles that costs as much as encoding under C1
        }
        actor = null;
        chars.reset();
        JsonGenerator g = gen;
        try {
            g.writeStartObject();
            g.writeFieldName(Field.PID.json);
            g.writeNumber(a.pid());
            JsonLines.number(g, Field.TID, a.tid());
            JsonLines.number(g, Field.PPID, a.ppid());
            JsonLines.string(g, Field.COMM, a.comm());
            JsonLines.string(g, Field.CMD, a.cmd());
            JsonLines.string(g, Field.EXE, a.exe());
            JsonLines.number(g, Field.UID, a.uid());
            JsonLines.string(g, Field.USER, a.user());
            JsonLines.number(g, Field.LOGIN_UID, a.loginUid());
            JsonLines.string(g, Field.LOGIN_USER, a.loginUser());
            g.flush();
            String h = "," + chars.toString().substring(1); // the object's '{' becomes the comma after event_type
            chars.reset();
            JsonLines.string(g, Field.CONTAINER, a.container());
            if (a.chain() != null) {
                g.writeFieldName(Field.CHAIN.json);
                g.writeStartArray();
                for (Actor.Ancestor l : a.chain()) {
                    g.writeStartObject();
                    g.writeNumberField("pid", l.pid());
                    if (l.comm() != null) {
                        g.writeStringField("comm", l.comm());
                    }
                    if (l.user() != null) {
                        g.writeStringField("user", l.user());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.flush();
            String t = chars.toString();
            head = new SerializedString(h);
            tail = new SerializedString(t.substring(0, t.length() - 1)); // without the object's '}'
            actor = a;
        } catch (IOException | RuntimeException x) {
            gen = generators.apply(chars); // a failed generator keeps its half-written state
            throw x;
        }
    }
}
