package io.fsmon.log;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.fsmon.event.Actor;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.util.function.Function;

/**
 * The actor's fields of a JSON line, encoded once and reused while events carry the same Actor
 * instance. Events come from a few processes at a time, in runs or interleaved, and re-escaping a
 * command line for every event was a fifth of the drain's CPU time: the last few actors are kept,
 * by identity. {@link JsonLines} decides where the two parts go: the
 * {@linkplain #head head} (pid to login_user) before the sizes, the {@linkplain #tail tail}
 * (container, chain) after them. Not thread-safe: one per {@link JsonLines}.
 */
final class ActorJson {
    /** Actors kept encoded, by identity; the oldest is replaced first. */
    private static final int SLOTS = 8;

    private final CharArrayWriter chars = new CharArrayWriter(256);
    private final Function<CharArrayWriter, JsonGenerator> generators;
    private JsonGenerator gen;
    private final Actor[] actors = new Actor[SLOTS];
    private final SerializedString[] heads = new SerializedString[SLOTS];
    private final SerializedString[] tails = new SerializedString[SLOTS];
    private int next;
    private int current;

    ActorJson(Function<CharArrayWriter, JsonGenerator> generators) {
        this.generators = generators;
        this.gen = generators.apply(chars);
    }

    /** {@code ,"pid":…} up to {@code login_user}, raw JSON to follow the fields before it. */
    SerializedString head(Actor a) throws IOException {
        current = slotOf(a);
        return heads[current];
    }

    /** {@code ,"container":…,"chain":[…]}, or empty; call after {@link #head} with the same actor. */
    SerializedString tail() {
        return tails[current];
    }

    private int slotOf(Actor a) throws IOException {
        for (int i = 0; i < SLOTS; i++) {
            if (actors[i] == a) {
                return i; // by identity: the monitor hands out one Actor per process and batch; equals()
                          // on a record is a chain of method handles that costs as much as encoding under C1
            }
        }
        int slot = next;
        actors[slot] = null;
        encode(a, slot);
        actors[slot] = a;
        next = (slot + 1) % SLOTS;
        return slot;
    }

    private void encode(Actor a, int slot) throws IOException {
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
            heads[slot] = new SerializedString(h);
            tails[slot] = new SerializedString(t.substring(0, t.length() - 1)); // without the object's '}'
        } catch (IOException | RuntimeException x) {
            gen = generators.apply(chars); // a failed generator keeps its half-written state
            throw x;
        }
    }
}
