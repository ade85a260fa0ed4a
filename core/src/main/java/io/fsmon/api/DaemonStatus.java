package io.fsmon.api;

import io.fsmon.event.EventType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a running daemon is doing, as {@code fsmon status} shows it: whether it is {@code healthy}
 * and, when it is not, its {@code problems} (one sentence each: a watch not watched or only partly,
 * a history that cannot be written or read).
 *
 * @param pid      the daemon's process
 * @param version  its version
 * @param commit   the commit it was built from, when known
 * @param started  when it started
 * @param uptime   how long it has run
 * @param healthy  no problems
 * @param problems the problems, one sentence each
 * @param watches  its watches
 * @param counters its counters since it started
 * @param history  its history's folder and files
 * @param rssBytes its resident memory, when known
 * @param socket   its control socket
 * @param shipping its shipper's state, when it ships its history ({@code [ship]} in its config)
 */
public record DaemonStatus(long pid, String version, Optional<String> commit, Instant started, Duration uptime,
                           boolean healthy, List<String> problems, List<DaemonWatch> watches, Counters counters,
                           HistoryFiles history, OptionalLong rssBytes, Path socket, Optional<Shipping> shipping) {
    /** Copies the lists; checks that nothing is null. */
    public DaemonStatus {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(uptime, "uptime");
        problems = List.copyOf(problems);
        watches = List.copyOf(watches);
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(rssBytes, "rssBytes");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(shipping, "shipping");
    }

    /**
     * The daemon's counters since it started.
     *
     * @param events               events recorded (markers not counted)
     * @param overflows            times a kernel queue overflowed (events lost there)
     * @param unresolved           events whose path could not be resolved
     * @param droppedToSubscribers events a tail too slow to keep up missed (said to it with a GAP)
     * @param historyDropped       events the history could not write (disk full)
     * @param historyRecreated     times the history's file was made again after it was deleted
     * @param subscribers          tails connected now
     * @param byType               events by type, only the types seen, in the order of {@link EventType}
     * @param monitorRestarts      monitors restarted after they died (a GAP in the history each)
     * @param connections          control connections served now
     * @param connectionsRefused   control connections refused so far
     */
    public record Counters(long events, long overflows, long unresolved, long droppedToSubscribers, long historyDropped,
                           long historyRecreated, long subscribers, Map<EventType, Long> byType, long monitorRestarts,
                           long connections, long connectionsRefused) {
        /** Copies the map, keeping the order of {@link EventType}. */
        public Counters {
            Map<EventType, Long> m = new EnumMap<>(EventType.class);
            m.putAll(byType);
            byType = Collections.unmodifiableMap(m);
        }
    }

    /**
     * The daemon's history: a folder of {@code events-*.jsonl} files ({@link History#open} reads it).
     *
     * @param directory the folder
     * @param current   the file being written, if any
     * @param files     files in the folder (empty when it cannot be listed: then {@code error} says why)
     * @param bytes     their size together (likewise)
     * @param first     the time of the first event, when the first file is not compressed
     * @param last      the time of the last event, likewise
     * @param error     why the folder cannot be read, when it cannot
     * @param dropped   events that could not be written (disk full)
     * @param failing   writes fail now
     */
    public record HistoryFiles(Path directory, Optional<Path> current, OptionalLong files, OptionalLong bytes,
                               Optional<Instant> first, Optional<Instant> last, Optional<String> error, long dropped,
                               boolean failing) {
        /** Checks that nothing is null. */
        public HistoryFiles {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(files, "files");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The shipper of a daemon that ships its history to Kafka: where to, whether the broker
     * acknowledges, and how far behind it is.
     *
     * @param target           where it ships: {@code kafka HOST:PORT TOPIC}
     * @param host             the host name its events carry
     * @param state            {@code connecting}, {@code connected} or {@code unreachable}
     * @param since            since when it is unreachable
     * @param error            why, in one line
     * @param lagEvents        history lines not yet acknowledged by the broker
     * @param lagBytes         bytes of them
     * @param oldestUnsent     the time of the first of them; empty when all is sent
     * @param shipped          lines acknowledged since the daemon started
     * @param skippedTornLines history lines passed over as no event (torn by a crash)
     * @param cutCommands      of the shipped lines, those sent with their command line cut short to
     *                         fit a Kafka record (marked in the line; the local history keeps it whole)
     * @param lostToRetention  unsent events that retention deleted (the size limit) and whose GAP
     *                         marker is not yet sent
     */
    public record Shipping(String target, String host, String state, Optional<Instant> since, Optional<String> error,
                           long lagEvents, long lagBytes, Optional<Instant> oldestUnsent, long shipped,
                           long skippedTornLines, long cutCommands, OptionalLong lostToRetention) {
        /** Checks that nothing is null. */
        public Shipping {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(oldestUnsent, "oldestUnsent");
            Objects.requireNonNull(lostToRetention, "lostToRetention");
        }
    }

    /**
     * The status as {@code fsmon status --format json} prints it (one line, no newline).
     *
     * @return the JSON object
     */
    public String toJson() {
        return DaemonRecords.json(this);
    }
}
