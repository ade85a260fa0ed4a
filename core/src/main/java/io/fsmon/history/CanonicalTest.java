package io.fsmon.history;

import io.fsmon.filter.EventFilter;
import io.fsmon.filter.Glob;
import io.fsmon.log.CanonicalFields;
import io.fsmon.log.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link Query#test} on a canonical history line read by {@link CanonicalFields}, without building
 * the event: a query selecting hundreds of thousands of lines spent most of its time making
 * events only to test and print them. It mirrors {@link Query#test} and {@link EventFilter#test}
 * rule for rule (the equivalence test runs every filter both ways); strings are compared as their
 * bytes where the canonical form makes that exact, decoded where a glob needs them.
 *
 * <p>For lines that are no marker, whose time and type the {@link Prefilter} has already read from
 * their head (a canonical line has the writer's head): it checks them again, cheaply, all the same.
 */
final class CanonicalTest {
    private final Query query;
    private final Prefilter pre;
    private final EventFilter filter;
    private final boolean actorConstrained;
    private final byte[][] pids;
    /** The user names as UTF-8; the uid is compared with those that are a number's decimal form. */
    private final byte[][] users;
    /** The ancestor glob's pattern as UTF-8: a link's pid written so matches it. */
    private final byte[] ancestorPid;

    CanonicalTest(Query query, Prefilter pre) {
        this.query = query;
        this.pre = pre;
        this.filter = query.filter();
        this.actorConstrained = !filter.pids().isEmpty() || filter.cmd() != null || !filter.users().isEmpty();
        this.pids = filter.pids().stream().map(p -> utf8(Integer.toString(p))).toArray(byte[][]::new);
        this.users = filter.users().stream().map(CanonicalTest::utf8).toArray(byte[][]::new);
        this.ancestorPid = query.ancestor() == null ? null : utf8(query.ancestor().pattern());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the query selects the event of the canonical, non-marker line {@code line} (its bytes {@code a[from, to)}). */
    boolean test(CanonicalFields line, byte[] a, int from, int to) {
        if (pre.since != null && Prefilter.compareTime(a, from, pre.since) < 0
                || pre.until != null && Prefilter.compareTime(a, from, pre.until) >= 0 || !pre.wantedType(a, from, to)) {
            return false;
        }
        List<Glob> excludes = filter.excludes();
        if (!excludes.isEmpty() && line.has(Field.PATH)) {
            String path = line.string(Field.PATH);
            for (int i = 0; i < excludes.size(); i++) {
                if (excludes.get(i).matches(path)) {
                    return false;
                }
            }
        }
        if (filter.minSize() != null && (!line.has(Field.FILE_SIZE) || line.number(Field.FILE_SIZE) < filter.minSize())) {
            return false;
        }
        if (actorConstrained && (!line.has(Field.PID) || !actor(line))) {
            return false;
        }
        if (!query.paths().isEmpty() && !paths(line)) {
            return false;
        }
        return query.ancestor() == null || line.anyLink(query.ancestor()::matches, ancestorPid);
    }

    private boolean actor(CanonicalFields line) {
        if (pids.length > 0 && !anyNumber(line, Field.PID, pids)) {
            return false;
        }
        Glob cmd = filter.cmd();
        if (cmd != null) {
            String cmdline = line.string(Field.CMD);
            if (!cmd.matches(line.string(Field.COMM)) && !cmd.matches(EventFilter.programName(cmdline)) && !cmd.matches(cmdline)) {
                return false;
            }
        }
        if (users.length == 0) {
            return true;
        }
        for (byte[] u : users) {
            if (line.stringIs(Field.USER, u)) {
                return true;
            }
        }
        return anyNumber(line, Field.UID, users);
    }

    private static boolean anyNumber(CanonicalFields line, Field f, byte[][] texts) {
        for (byte[] t : texts) {
            if (line.numberIs(f, t)) {
                return true;
            }
        }
        return false;
    }

    private boolean paths(CanonicalFields line) {
        if (pre.exactPath != null) { // an anchored glob without metacharacters: the path itself
            return line.stringIs(Field.PATH, pre.exactPath) || line.stringIs(Field.OLD_PATH, pre.exactPath);
        }
        String path = line.string(Field.PATH);
        String oldPath = line.string(Field.OLD_PATH);
        for (Glob g : query.paths()) {
            if (g.matches(path) || g.matches(oldPath)) {
                return true;
            }
        }
        return false;
    }
}
