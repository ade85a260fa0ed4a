package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.EventFormat;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Equivalence before speed: every filter of {@code query} and {@code changes}, alone and combined,
 * run through the fast path ({@link History.Query#writeTo}: raw-byte prefilters, needle search,
 * canonical lines copied unparsed) and through a plain path that parses every line with
 * {@link JsonLines}'s JSON parser and tests it with the query, must print the same bytes in every
 * format (and the byte-level reader, which skips the JSON parser for the writer's own lines, must
 * read every line as the JSON parser does). The
 * history mixes the writer's lines with the lines that the raw-byte shortcuts could misread:
 * older and newer versions' lines, hand-edited ones (spaces around colons, escaped slashes and
 * letters, escaped event types and markers, other key orders, a duplicated key, CRLF), names and
 * users holding quotes, backslashes and non-ASCII, and malformed lines.
 */
class HistoryEquivalenceTest {
    private static final LocalDate DAY1 = LocalDate.parse("2026-05-01");
    private static final LocalDate DAY2 = LocalDate.parse("2026-05-02");
    private static final String[][] PROGS = {
            {"rsync", "root", "0"}, {"vim", "alice", "1000"}, {"nginx", "www-data", "33"},
            {"we\"ird", "o\"hara", "1001"}, {"back\\slash", "c:\\users", "1002"}, {"naïve", "zoë", "1003"},
            {"python3", "1000", "77"}, {"rsync-helper", "bob", "1004"}, {"sh", null, "1005"},
            // what CSV neutralises or quotes and the human format escapes: formula starts, commas,
            // C0 and C1 controls, DEL, line separators, bidi overrides
            {"=cmd,x", "@user,1", "1006"}, {"tab\tc\u0085\u2028\u202e\u007f", "-user", "1007"}};
    private static final String[] PATHS = {"/etc/resolv.conf", "/etc/nginx/conf.d/a.conf", "/srv/app/x.log",
            "/srv/app/sub/y.log", "/tmp/we\"ird name", "/tmp/back\\slash", "/home/zoë/é.txt", "/etc/resolv.conf.tmp",
            "/var/lib/rsync/state", "/srv/app/new\nline", "+/weird,path\u2066x", "/tmp/ctl\u0001\u009f\u2069"};

    @TempDir
    static Path dir;
    private static final List<Path> files = new ArrayList<>();

    @BeforeAll
    static void history() throws IOException {
        SplittableRandom rnd = new SplittableRandom(15);
        Instant t = Instant.parse("2026-05-01T08:00:00Z");
        HistoryLayout layout = new HistoryLayout(dir);
        for (int f = 0; f < 3; f++) {
            LocalDate day = f < 2 ? DAY1 : DAY2;
            if (f == 2) {
                t = Instant.parse("2026-05-02T08:00:00Z");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonLines json = new JsonLines();
            for (int i = 0; i < 800; i++) {
                t = t.plusMillis(1 + rnd.nextInt(20_000));
                FileEvent e = randomEvent(rnd, t);
                String line = json.format(e);
                out.write(variant(rnd, line).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            out.write("{\"time\":\"2026-05-01T10:00:00.000000000Z\",\"event_type\":\"CREATE\",\"path\":\"/cut".getBytes(StandardCharsets.UTF_8));
            Path p = layout.fileFor(day, f == 1 ? 1 : 0, f == 1);
            if (f == 1) {
                try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(p))) {
                    gz.write(out.toByteArray());
                }
            } else {
                Files.write(p, out.toByteArray());
            }
            files.add(p);
        }
    }

    private static FileEvent randomEvent(SplittableRandom rnd, Instant t) {
        int k = rnd.nextInt(100);
        if (k == 0) {
            return FileEvent.overflow(t, t.minusSeconds(3));
        }
        if (k == 1) {
            return FileEvent.gap(t, t.minusSeconds(60), t.minusSeconds(1), 7);
        }
        String[] p = PROGS[rnd.nextInt(PROGS.length)];
        String path = PATHS[rnd.nextInt(PATHS.length)];
        EventType type = EventType.DEFAULTS.stream().skip(rnd.nextInt(EventType.DEFAULTS.size())).findFirst().orElseThrow();
        int pid = 100 + rnd.nextInt(40);
        List<Actor.Ancestor> chain = rnd.nextInt(4) == 0
                ? List.of(new Actor.Ancestor(pid - 1, rnd.nextBoolean() ? "bash" : "cron", p[1]), new Actor.Ancestor(1, "systemd", "root"),
                        new Actor.Ancestor(0, rnd.nextBoolean() ? null : "k,=\"", null))
                : null;
        int login = rnd.nextInt(4); // the login user: alice; none; the same uid; another user without a uid
        Actor a = rnd.nextInt(30) == 0 ? null
                : new Actor(pid, rnd.nextBoolean() ? pid : null, pid - 1, p[0], "/usr/bin/" + p[0] + " -q: " + path,
                        "/usr/bin/" + p[0], Integer.parseInt(p[2]), p[1], login == 0 ? Integer.valueOf(1000) : login == 2 ? Integer.valueOf(p[2]) : null,
                        login == 0 ? "alice" : login == 3 ? "zoë" : null, rnd.nextInt(3) == 0 ? "ctr,1" : null, chain);
        Long size = rnd.nextInt(5) == 0 ? null : rnd.nextBoolean() ? (long) rnd.nextInt(10_000) : rnd.nextLong(1L << 45);
        return new FileEvent(t, type, path, type == EventType.MOVED_TO ? path + ".old" : null, a, size,
                size == null ? null : rnd.nextBoolean() ? (long) rnd.nextInt(-100, 100) : rnd.nextLong(-(1L << 33), 1L << 33));
    }

    /** Most lines as the writer wrote them; one in four changed the way other writers and editors would. */
    private static String variant(SplittableRandom rnd, String line) {
        List<UnaryOperator<String>> edits = List.of(
                l -> l.replace("\":", "\": ").replace(",\"", ", \""),          // Python's json.dumps
                l -> l.replace("/", "\\/"),                                   // escaped slashes
                l -> l.replace("a", "\\u0061"),                               // escaped letters, keys too
                l -> l.replace("E", "\\u0045"),                               // escaped event types and markers
                l -> reorder(l),                                              // time and type last
                l -> "{\"host\":\"h1\"," + l.substring(1),                    // a newer version's key first
                l -> l.substring(0, l.length() - 1) + ",\"host\":\"h1\"}",    // ... and last
                l -> l.substring(0, l.length() - 1) + ",\"host\":\"h\\\"1\",\"id\":\"h1:events-2026-05-01-000:" + l.length() + "\"}", // as shipped
                l -> l.substring(0, l.length() - 1) + ",\"host\":\"h1\",\"id\":7}",  // ... nearly
                l -> l.substring(0, l.length() - 1) + ",\"user\":\"alice\",\"pid\":105}", // keys given twice
                l -> l + "\r",                                                // CRLF
                l -> l.replace("\"pid\":", "\"pid\" :\t"),                    // spaces and tabs around one colon
                l -> l.replace(".000", "").replaceFirst("\\.(\\d{3})\\d{6}Z", ".$1Z"), // an older, shorter time
                l -> l.substring(0, l.length() / 2),                          // cut short
                l -> "not json at all " + l.length(),
                l -> l.replace("\"pid\":", "\"pid\":\"x").replaceFirst(",\"tid\"", "\",\"tid\""), // wrong types
                l -> "",
                l -> "{}");
        if (rnd.nextInt(8) == 0) { // a central history's line (fsmon collect): the writer's, then host and id
            return line.substring(0, line.length() - 1) + ",\"host\":\"web-1\",\"id\":\"web-1:events-2026-05-01-000:"
                    + rnd.nextInt(1 << 20) + "\"}";
        }
        if (rnd.nextInt(4) != 0) {
            return line;
        }
        return edits.get(rnd.nextInt(edits.size())).apply(line);
    }

    private static String reorder(String line) {
        int typeEnd = line.indexOf('"', line.indexOf("\"event_type\":\"") + 14) + 1;
        String head = line.substring(1, typeEnd);
        String rest = line.substring(typeEnd, line.length() - 1);
        return rest.isEmpty() ? line : "{" + rest.substring(1) + "," + head + "}";
    }

    private static final List<UnaryOperator<History.Query>> FILTERS = List.of(
            q -> q,
            q -> q.types(EventType.CREATE, EventType.DELETE),
            q -> q.path("/etc/resolv.conf"),
            q -> q.path("resolv.conf"),                 // no metacharacter, unanchored: the name anywhere
            q -> q.path("/etc/**"),
            q -> q.path("/srv/app/*.log").path("*/we\"ird*"),
            q -> q.path("*.txt"),
            q -> q.path("**"),
            q -> q.pid(105),
            q -> q.pid(105).pid(120),
            q -> q.pid(1),
            q -> q.command("rsync"),
            q -> q.command("rsync*"),
            q -> q.command("we\"ird"),
            q -> q.command("*"),
            q -> q.user("alice"),
            q -> q.user("www-data"),
            q -> q.user("1000"),
            q -> q.user("0"),
            q -> q.user("o\"hara"),
            q -> q.user("c:\\users"),
            q -> q.user("zoë"),
            q -> q.user("bob").user("zoë"),
            q -> q.user("nobody"),
            q -> q.ancestor("bash"),
            q -> q.ancestor("1"),
            q -> q.exclude("*.log"),
            q -> q.minSize(5000),
            q -> q.since(Instant.parse("2026-05-01T09:00:00Z")).until(Instant.parse("2026-05-01T12:00:00Z")),
            q -> q.user("alice").command("vim"),
            q -> q.user("root").path("/etc/**").types(EventType.CLOSE_WRITE),
            q -> q.pid(110).path("/srv/**").since(Instant.parse("2026-05-01T09:00:00Z")),
            q -> q.command("rsync").ancestor("cron").exclude("/tmp/**"),
            q -> q.user("alice").user("1001").path("/etc/resolv.conf").minSize(100));

    @Test
    void everyFilterAndCombinationPrintsWhatParsingEveryLinePrints() throws IOException {
        List<FileEvent> all = parseEverything();
        assertThat(all).hasSizeGreaterThan(1500);
        int selected = 0;
        for (int f = 0; f < FILTERS.size(); f++) {
            for (OutputFormat format : OutputFormat.values()) {
                for (boolean changes : new boolean[] {false, true}) {
                    History.Query q = FILTERS.get(f).apply(History.open(dir).query());
                    if (changes) {
                        q.changes();
                    }
                    ByteArrayOutputStream fast = new ByteArrayOutputStream();
                    q.writeTo(fast, format);
                    String expected = plain(all, FILTERS.get(f).apply(History.open(dir).query()), changes, format);
                    String got = fast.toString(StandardCharsets.UTF_8);
                    assertThat(List.of(got.split("\n", -1))) // the differing lines, should it fail
                            .as("filter %d, %s, changes %s", f, format, changes)
                            .containsExactlyElementsOf(List.of(expected.split("\n", -1)));
                    assertThat(got).isEqualTo(expected);
                    selected += expected.length();
                }
            }
        }
        assertThat(selected).isGreaterThan(0);
    }

    /** Every line of every file, parsed; malformed ones dropped. */
    private static List<FileEvent> parseEverything() throws IOException {
        List<FileEvent> out = new ArrayList<>();
        JsonLines json = new JsonLines();
        for (HistoryLayout.HistoryFile f : new HistoryLayout(dir).files()) {
            byte[] a;
            try (InputStream in = f.compressed() ? new GZIPInputStream(Files.newInputStream(f.path()))
                    : Files.newInputStream(f.path())) {
                a = in.readAllBytes();
            }
            int from = 0;
            for (int i = 0; i < a.length; i++) {
                if (a[i] == '\n') {
                    // the String form goes through the JSON parser alone, never the canonical reader
                    FileEvent e = parseOrNull(json, new String(a, from, i - from, StandardCharsets.UTF_8));
                    FileEvent fast = parseOrNull(json, a, from, i - from);
                    assertThat(fast).as("line at %d of %s", from, f.path()).isEqualTo(e);
                    if (e != null) {
                        out.add(e);
                    }
                    from = i + 1;
                }
            }
        }
        return out;
    }

    private static FileEvent parseOrNull(JsonLines json, String line) {
        try {
            return json.parse(line);
        } catch (MalformedLineException e) {
            return null;
        }
    }

    private static FileEvent parseOrNull(JsonLines json, byte[] a, int off, int len) {
        try {
            return json.parse(a, off, len);
        } catch (MalformedLineException e) {
            return null;
        }
    }

    /** What the query prints when every line is parsed and tested. */
    private static String plain(List<FileEvent> all, History.Query api, boolean changes, OutputFormat format) throws IOException {
        io.fsmon.history.Query q = api.internal();
        List<FileEvent> selected = new ArrayList<>();
        for (FileEvent e : all) {
            if (q.inWindow(e.time()) && q.test(e)) {
                selected.add(e);
            }
        }
        if (changes) {
            Map<String, FileEvent> latest = new HashMap<>();
            for (FileEvent e : selected) {
                if (!e.type().isMarker() && e.path() != null) {
                    latest.merge(e.path(), e, (old, now) -> now.time().isBefore(old.time()) ? old : now);
                }
            }
            selected = new ArrayList<>(latest.values());
            selected.sort(Comparator.comparing(FileEvent::time).thenComparing(FileEvent::path));
        }
        EventFormat fmt = format.internal();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (fmt.header() != null) {
            out.write((fmt.header() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (FileEvent e : selected) {
            fmt.write(e, out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
