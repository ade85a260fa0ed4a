package io.fsmon.api;

import io.fsmon.daemon.ControlCodec;
import io.fsmon.daemon.Reply;
import io.fsmon.daemon.StatusReport;
import io.fsmon.monitor.MonitorConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The daemon's records ({@code io.fsmon.daemon}, what the control protocol carries) as the API's
 * and back: both ways hold the same facts, so the command line prints from the API's records
 * exactly what the codec writes.
 */
final class DaemonRecords {
    private DaemonRecords() {
    }

    static DaemonStatus status(StatusReport s, Path socket) {
        Duration uptime = Duration.ofSeconds(s.uptimeSeconds());
        StatusReport.Counters c = s.counters();
        StatusReport.HistoryStatus h = s.history();
        return new DaemonStatus(s.pid(), s.version() != null ? s.version() : "unknown", Optional.ofNullable(s.commit()),
                s.started() != null ? s.started() : Instant.now().minus(uptime), uptime, s.healthy(), s.problems(),
                s.watches().stream().map(DaemonRecords::watch).toList(),
                new DaemonStatus.Counters(c.events(), c.overflows(), c.unresolved(), c.droppedToSubscribers(),
                        c.historyDropped(), c.historyRecreated(), c.subscribers(), c.byType(), c.monitorRestarts(),
                        c.connections(), c.connectionsRefused()),
                new DaemonStatus.HistoryFiles(Path.of(h.dir() != null ? h.dir() : ""),
                        Optional.ofNullable(h.current()).map(Path::of), optional(h.files()), optional(h.bytes()),
                        Optional.ofNullable(h.first()), Optional.ofNullable(h.last()), Optional.ofNullable(h.error()),
                        h.dropped(), h.failing()),
                optional(s.rssBytes()), s.socket() != null ? Path.of(s.socket()) : socket,
                Optional.ofNullable(s.ship()).map(DaemonRecords::shipping));
    }

    private static DaemonStatus.Shipping shipping(StatusReport.ShipStatus s) {
        return new DaemonStatus.Shipping(s.target() != null ? s.target() : "", s.host() != null ? s.host() : "",
                s.state() != null ? s.state() : "unknown", Optional.ofNullable(s.since()), Optional.ofNullable(s.error()),
                s.lagEvents(), s.lagBytes(), Optional.ofNullable(s.oldestUnsent()), s.shipped(), s.skippedTornLines(),
                s.cutCommands(), optional(s.lostToRetention()));
    }

    private static StatusReport.ShipStatus internal(DaemonStatus.Shipping s) {
        return new StatusReport.ShipStatus(s.target(), s.host(), s.state(), s.since().orElse(null),
                s.error().orElse(null), s.lagEvents(), s.lagBytes(), s.oldestUnsent().orElse(null), s.shipped(),
                s.skippedTornLines(), s.cutCommands(),
                boxed(s.lostToRetention()));
    }

    static DaemonWatch watch(StatusReport.WatchStatus w) {
        WatchSpec spec = w.spec() != null ? spec(w.spec()) : WatchSpec.builder(Path.of(w.path())).build();
        boolean running = w.marked() != null;
        return new DaemonWatch(spec, w.options() != null ? w.options() : w.path(), w.fromConfig(), running,
                running ? w.marked() : List.of(), w.events() != null ? w.events() : 0,
                w.unwatchedDirectories() != null ? w.unwatchedDirectories() : 0, Optional.ofNullable(w.error()),
                w.restarts());
    }

    static WatchSpec spec(io.fsmon.daemon.WatchSpec s) {
        return new WatchSpec(Path.of(s.path()), s.recursive(), s.types(), s.excludes(),
                s.minSize() != null ? OptionalLong.of(s.minSize()) : OptionalLong.empty(), s.pids(),
                Optional.ofNullable(s.cmd()), s.users(), FileWatcher.MarkMode.valueOf(s.marks().name()));
    }

    static io.fsmon.daemon.WatchSpec internal(WatchSpec s) {
        return new io.fsmon.daemon.WatchSpec(s.path().toString(), s.recursive(), s.types(), s.excludes(),
                s.minSize().isPresent() ? s.minSize().getAsLong() : null, s.pids(), s.command().orElse(null), s.users(),
                MonitorConfig.MarkMode.valueOf(s.marks().name()));
    }

    static String json(DaemonStatus s) {
        DaemonStatus.Counters c = s.counters();
        DaemonStatus.HistoryFiles h = s.history();
        return ControlCodec.statusDocument(new StatusReport(s.pid(), s.version(), s.commit().orElse(null), s.started(),
                s.uptime().toSeconds(), s.healthy(), s.problems(), s.watches().stream().map(DaemonRecords::internal).toList(),
                new StatusReport.Counters(c.events(), c.overflows(), c.unresolved(), c.droppedToSubscribers(),
                        c.historyDropped(), c.historyRecreated(), c.subscribers(), c.byType(), c.monitorRestarts(),
                        c.connections(), c.connectionsRefused()),
                new StatusReport.HistoryStatus(h.directory().toString(), h.current().map(Path::toString).orElse(null),
                        boxed(h.files()), boxed(h.bytes()), h.first().orElse(null), h.last().orElse(null),
                        h.error().orElse(null), h.dropped(), h.failing()),
                boxed(s.rssBytes()), s.socket().toString(), s.shipping().map(DaemonRecords::internal).orElse(null)));
    }

    static String json(List<DaemonWatch> watches) {
        return ControlCodec.encode(new Reply.Watches(watches.stream().map(DaemonRecords::internal).toList()));
    }

    private static StatusReport.WatchStatus internal(DaemonWatch w) {
        return new StatusReport.WatchStatus(w.spec().path().toString(), w.description(), w.fromConfig(), internal(w.spec()),
                w.running() ? w.marked() : null, w.running() ? w.events() : null,
                w.running() ? w.unwatchedDirectories() : null, w.error().orElse(null), w.restarts());
    }

    private static OptionalLong optional(Long n) {
        return n != null ? OptionalLong.of(n) : OptionalLong.empty();
    }

    private static Long boxed(OptionalLong n) {
        return n.isPresent() ? n.getAsLong() : null;
    }
}
