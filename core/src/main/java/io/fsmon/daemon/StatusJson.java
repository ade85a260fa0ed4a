package io.fsmon.daemon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.fsmon.event.EventType;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.fsmon.daemon.JsonValues.field;
import static io.fsmon.daemon.JsonValues.flag;
import static io.fsmon.daemon.JsonValues.optional;
import static io.fsmon.daemon.JsonValues.text;
import static io.fsmon.daemon.JsonValues.texts;
import static io.fsmon.daemon.JsonValues.whole;

/**
 * {@link ControlCodec}'s part for the {@link StatusReport} and the watch list it shares with
 * {@code list}: the largest answer, in a class of its own so that each stays readable. Members in
 * the order a reader of {@code fsmon status --format json} sees them; absent when null.
 */
final class StatusJson {
    private StatusJson() {
    }

    static void write(JsonGenerator g, StatusReport s) throws IOException {
        g.writeBooleanField("running", true);
        g.writeNumberField("pid", s.pid());
        optional(g, "version", s.version());
        optional(g, "commit", s.commit());
        JsonValues.optional(g, "started", s.started());
        g.writeNumberField("uptime_seconds", s.uptimeSeconds());
        g.writeBooleanField("healthy", s.healthy());
        JsonValues.texts(g, "problems", s.problems());
        watches(g, s.watches());
        StatusReport.Counters c = s.counters();
        g.writeObjectFieldStart("counters");
        g.writeNumberField("events", c.events());
        g.writeNumberField("overflows", c.overflows());
        g.writeNumberField("unresolved", c.unresolved());
        g.writeNumberField("dropped_to_subscribers", c.droppedToSubscribers());
        g.writeNumberField("history_dropped", c.historyDropped());
        g.writeNumberField("history_recreated", c.historyRecreated());
        g.writeNumberField("subscribers", c.subscribers());
        for (Map.Entry<EventType, Long> e : c.byType().entrySet()) {
            g.writeNumberField("type." + e.getKey().name(), e.getValue());
        }
        g.writeNumberField("monitor_restarts", c.monitorRestarts());
        g.writeNumberField("connections", c.connections());
        g.writeNumberField("connections_refused", c.connectionsRefused());
        g.writeEndObject();
        StatusReport.HistoryStatus h = s.history();
        g.writeObjectFieldStart("history");
        g.writeStringField("dir", h.dir());
        optional(g, "current", h.current());
        optional(g, "files", h.files());
        optional(g, "bytes", h.bytes());
        JsonValues.optional(g, "first", h.first());
        JsonValues.optional(g, "last", h.last());
        optional(g, "error", h.error());
        g.writeNumberField("dropped", h.dropped());
        g.writeBooleanField("failing", h.failing());
        g.writeEndObject();
        optional(g, "rss_bytes", s.rssBytes());
        optional(g, "socket", s.socket());
        if (s.ship() != null) {
            StatusReport.ShipStatus sh = s.ship();
            g.writeObjectFieldStart("ship");
            g.writeStringField("state", sh.state());
            optional(g, "target", sh.target());
            optional(g, "host", sh.host());
            JsonValues.optional(g, "since", sh.since());
            optional(g, "error", sh.error());
            g.writeNumberField("lag_events", sh.lagEvents());
            g.writeNumberField("lag_bytes", sh.lagBytes());
            JsonValues.optional(g, "oldest_unsent", sh.oldestUnsent());
            g.writeNumberField("shipped", sh.shipped());
            g.writeNumberField("skipped_torn_lines", sh.skippedTornLines());
            g.writeNumberField("cut_commands", sh.cutCommands());
            optional(g, "lost_to_retention", sh.lostToRetention());
            g.writeEndObject();
        }
    }

    private static StatusReport.ShipStatus ship(JsonParser p) throws IOException {
        JsonValues.requireObject(p);
        String target = null;
        String host = null;
        String state = null;
        String error = null;
        Instant since = null;
        Instant oldest = null;
        long lagEvents = 0;
        long lagBytes = 0;
        long shipped = 0;
        long skipped = 0;
        long cut = 0;
        Long lost = null;
        for (String f; (f = field(p)) != null; ) {
            switch (f) {
                case "state" -> state = text(p);
                case "target" -> target = text(p);
                case "host" -> host = text(p);
                case "since" -> since = JsonValues.instant(p);
                case "error" -> error = text(p);
                case "lag_events" -> lagEvents = whole(p, 0);
                case "lag_bytes" -> lagBytes = whole(p, 0);
                case "oldest_unsent" -> oldest = JsonValues.instant(p);
                case "shipped" -> shipped = whole(p, 0);
                case "skipped_torn_lines" -> skipped = whole(p, 0);
                case "cut_commands" -> cut = whole(p, 0);
                case "lost_to_retention" -> lost = whole(p);
                default -> p.skipChildren();
            }
        }
        return new StatusReport.ShipStatus(target, host, state, since, error, lagEvents, lagBytes, oldest, shipped,
                skipped, cut, lost);
    }

    static StatusReport read(JsonParser p) throws IOException, MalformedMessageException {
        long pid = 0;
        long uptime = 0;
        boolean healthy = true; // an older daemon that does not say is taken at its word
        String version = null;
        String commit = null;
        String socket = null;
        Instant started = null;
        Long rss = null;
        List<String> problems = List.of();
        List<StatusReport.WatchStatus> watches = List.of();
        StatusReport.Counters counters = null;
        StatusReport.HistoryStatus history = null;
        StatusReport.ShipStatus ship = null;
        for (String f; (f = field(p)) != null; ) {
            switch (f) {
                case "pid" -> pid = whole(p, 0);
                case "version" -> version = text(p);
                case "commit" -> commit = text(p);
                case "started" -> started = JsonValues.instant(p);
                case "uptime_seconds" -> uptime = whole(p, 0);
                case "healthy" -> healthy = flag(p);
                case "problems" -> problems = texts(p) instanceof List<String> l ? l : List.of();
                case "watches" -> watches = watches(p);
                case "counters" -> counters = counters(p);
                case "history" -> history = history(p);
                case "rss_bytes" -> rss = whole(p);
                case "socket" -> socket = text(p);
                case "ship" -> ship = ship(p);
                default -> p.skipChildren();
            }
        }
        return new StatusReport(pid, version, commit, started, uptime, healthy, problems, watches,
                JsonValues.required(counters, "bad answer: a status without 'counters'"),
                JsonValues.required(history, "bad answer: a status without 'history'"), rss, socket, ship);
    }

    private static StatusReport.Counters counters(JsonParser p) throws IOException {
        JsonValues.requireObject(p);
        long[] n = new long[COUNTERS.size()];
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        for (String f; (f = field(p)) != null; ) {
            int i = COUNTERS.indexOf(f);
            if (i >= 0) {
                n[i] = whole(p, 0);
            } else if (f.startsWith("type.") && TYPE_NAMES.contains(f.substring(5))) {
                byType.put(EventType.valueOf(f.substring(5)), whole(p, 0));
            } else {
                p.skipChildren(); // a counter of a later version
            }
        }
        return new StatusReport.Counters(n[0], n[1], n[2], n[3], n[4], n[5], n[6], byType, n[7], n[8], n[9]);
    }

    private static final List<String> COUNTERS = List.of("events", "overflows", "unresolved", "dropped_to_subscribers",
            "history_dropped", "history_recreated", "subscribers", "monitor_restarts", "connections",
            "connections_refused");
    private static final Set<String> TYPE_NAMES = Set.copyOf(JsonValues.sorted(List.of(EventType.values())));

    private static StatusReport.HistoryStatus history(JsonParser p) throws IOException {
        JsonValues.requireObject(p);
        String dir = null;
        String current = null;
        String error = null;
        Long files = null;
        Long bytes = null;
        Instant first = null;
        Instant last = null;
        long dropped = 0;
        boolean failing = false;
        for (String f; (f = field(p)) != null; ) {
            switch (f) {
                case "dir" -> dir = text(p);
                case "current" -> current = text(p);
                case "files" -> files = whole(p);
                case "bytes" -> bytes = whole(p);
                case "first" -> first = JsonValues.instant(p);
                case "last" -> last = JsonValues.instant(p);
                case "error" -> error = text(p);
                case "dropped" -> dropped = whole(p, 0);
                case "failing" -> failing = flag(p);
                default -> p.skipChildren();
            }
        }
        return new StatusReport.HistoryStatus(dir, current, files, bytes, first, last, error, dropped, failing);
    }

    static void watches(JsonGenerator g, List<StatusReport.WatchStatus> watches) throws IOException {
        g.writeArrayFieldStart("watches");
        for (StatusReport.WatchStatus w : watches) {
            g.writeStartObject();
            g.writeStringField("path", w.path());
            optional(g, "options", w.options());
            g.writeStringField("source", w.fromConfig() ? "config" : "added");
            if (w.spec() != null) {
                ControlCodec.watch(g, "spec", w.spec());
            }
            if (w.marked() != null) {
                JsonValues.texts(g, "marked", w.marked());
            }
            optional(g, "events", w.events());
            optional(g, "unwatched_directories", w.unwatchedDirectories());
            optional(g, "error", w.error());
            g.writeNumberField("restarts", w.restarts());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static List<StatusReport.WatchStatus> watches(JsonParser p) throws IOException, MalformedMessageException {
        List<StatusReport.WatchStatus> out = new ArrayList<>();
        if (!JsonValues.array(p)) {
            return out;
        }
        while (JsonValues.element(p)) {
            JsonValues.requireObject(p);
            String path = null;
            String options = null;
            String error = null;
            boolean fromConfig = false;
            WatchSpec spec = null;
            List<String> marked = null;
            Long events = null;
            Long unwatched = null;
            long restarts = 0;
            for (String f; (f = field(p)) != null; ) {
                switch (f) {
                    case "path" -> path = text(p);
                    case "options" -> options = text(p);
                    case "source" -> fromConfig = "config".equals(text(p));
                    case "spec" -> spec = ControlCodec.Options.read(p).watch();
                    case "marked" -> marked = texts(p);
                    case "events" -> events = whole(p);
                    case "unwatched_directories" -> unwatched = whole(p);
                    case "error" -> error = text(p);
                    case "restarts" -> restarts = whole(p, 0);
                    default -> p.skipChildren();
                }
            }
            out.add(new StatusReport.WatchStatus(JsonValues.required(path, "bad answer: a watch without 'path'"),
                    options, fromConfig, spec, marked, events, unwatched, error, restarts));
        }
        return out;
    }
}
