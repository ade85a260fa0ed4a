package io.fsmon.history;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A time span in which the history may miss events, from an {@code OVERFLOW} or {@code GAP}
 * marker (its {@code since}/{@code until}, or its time where those are absent).
 *
 * @param since  the first instant of the span
 * @param until  the last instant of the span
 * @param kinds  the marker types that cover it
 * @param unwatched whether a {@code GAP} without a count covers it: nothing was watched (the
 *                  daemon was stopped, killed or crashed), so no one knows what was lost
 */
public record Span(Instant since, Instant until, List<EventType> kinds, boolean unwatched) {

    public Span {
        kinds = List.copyOf(kinds);
    }

    /** The span a marker covers. */
    static Span of(FileEvent marker) {
        Instant s = marker.since() != null ? marker.since() : marker.time();
        Instant u = marker.until() != null ? marker.until() : marker.time();
        if (u.isBefore(s)) {
            Instant t = s;
            s = u;
            u = t;
        }
        return new Span(s, u, List.of(marker.type()), marker.type() == EventType.GAP && marker.dropped() == null);
    }

    /** Whether the span touches the window {@code [from, to)} (null bounds are open). */
    boolean overlaps(Instant from, Instant to) {
        return (from == null || !until.isBefore(from)) && (to == null || since.isBefore(to));
    }

    /** Overlapping or touching spans merged into one, in time order. */
    static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Span::since));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            Span last = out.isEmpty() ? null : out.getLast();
            if (last != null && !s.since().isAfter(last.until())) {
                List<EventType> kinds = new ArrayList<>(last.kinds());
                s.kinds().stream().filter(k -> !kinds.contains(k)).forEach(kinds::add);
                out.set(out.size() - 1, new Span(last.since(),
                        s.until().isAfter(last.until()) ? s.until() : last.until(), kinds,
                        last.unwatched() || s.unwatched()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Why events may be missing, for the warning. */
    public String reason() {
        List<String> r = new ArrayList<>();
        if (kinds.contains(EventType.OVERFLOW)) {
            r.add("kernel queue overflow");
        }
        if (unwatched) {
            r.add("fsmon was not watching");
        }
        if (kinds.contains(EventType.GAP) && (!unwatched || kinds.size() > 1)) {
            r.add("events lost by fsmon");
        }
        return String.join(", ", r);
    }
}
