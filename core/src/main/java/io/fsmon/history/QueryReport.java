package io.fsmon.history;

import java.util.List;
import java.util.Map;

/**
 * What a query found besides its events: the number printed, malformed lines per file (file name
 * to count, in file order), damaged files (file name to why it could not be read to its end) and
 * the spans in which the history may be incomplete.
 */
public record QueryReport(long matched, Map<String, Integer> malformed, Map<String, String> damaged,
                          List<Span> incomplete) {

    public QueryReport {
        malformed = Map.copyOf(malformed);
        damaged = Map.copyOf(damaged);
        incomplete = List.copyOf(incomplete);
    }

    /** The warnings for stderr, one line each, without the "fsmon: " prefix. */
    public List<String> warnings() {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        new java.util.TreeMap<>(damaged).forEach((file, why) -> out.add(
                file + " is damaged (" + why + "): read what came before the damage, skipped the rest"));
        new java.util.TreeMap<>(malformed).forEach((file, n) -> out.add(
                "skipped " + n + " malformed line" + (n == 1 ? "" : "s") + " in " + file));
        for (Span s : incomplete) {
            out.add("results may be incomplete between " + s.since() + " and " + s.until() + " (" + s.reason() + ")");
        }
        return out;
    }
}
