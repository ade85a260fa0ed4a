package io.fsmon.fleet;

import io.fsmon.daemon.ShipSettings;
import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;
import io.fsmon.log.MalformedLineException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fsmon collect}: a member of a consumer group that writes what the daemons shipped into a
 * central history, {@code DIR/HOST/} per host in the daemon's layout. Exactly once: each polled
 * batch is written, {@code fdatasync}ed, and only then are the offsets committed; what comes again
 * after a crash or a handover is recognised by its id ({@link CentralHost}) and not written twice.
 * A record that is not a shipped fsmon event is counted and skipped with one line.
 */
public final class Collector implements AutoCloseable {
    /**
     * Consumer properties {@code collect} sets itself and {@code --property} may not change, with
     * why: exactly once rests on them.
     */
    static final Map<String, String> FIXED = Map.of(
            "enable.auto.commit", "offsets are committed only after the lines are written and synced",
            "group.id", "use --group",
            "bootstrap.servers", "use --kafka",
            "auto.offset.reset", "a new group reads the topic from its start (earliest), or it would skip events",
            "key.deserializer", "records are keyed by host (a string)",
            "value.deserializer", "each record is one history line's bytes");

    private static final Pattern HOST = Pattern.compile("\"host\":\"([^\"]+)\",\"id\":\"[^\"]+\"}$");

    private final KafkaConsumer<String, byte[]> consumer;
    private final Path dir;
    private final long fileLimit;
    private final Consumer<String> log;
    private final JsonLines json = new JsonLines();
    private final Map<String, CentralHost> hosts = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();

    private long written;
    private long duplicates;
    private long malformed;

    /**
     * @throws IllegalArgumentException a bootstrap address or client property the Kafka client refuses (one line)
     */
    public Collector(String bootstrap, String topic, String group, Path dir, Map<String, String> props,
                     long fileLimit, Consumer<String> log) {
        this.dir = dir;
        this.fileLimit = fileLimit;
        this.log = log;
        for (String k : props.keySet()) {
            if (FIXED.containsKey(k)) {
                throw new IllegalArgumentException("cannot set the client property '" + k + "': " + FIXED.get(k));
            }
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putAll(props);
        try {
            this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(why.getMessage(), e);
        }
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                try {
                    commit(); // what this member wrote is durable and committed before another takes over
                } catch (IOException e) {
                    log.accept("collect: cannot sync the central history: " + e.getMessage());
                }
                done.keySet().removeAll(partitions);
                forgetHosts();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                forgetHosts(); // another member may have written meanwhile: read the last ids again
            }
        });
    }

    /** Polls, writes, syncs and commits until {@code stop} says so (or {@link #wakeup()} is called). */
    public void run(BooleanSupplier stop) throws IOException {
        try {
            poll(stop);
        } catch (org.apache.kafka.common.errors.WakeupException stopped) {
            commit();
        }
    }

    private void poll(BooleanSupplier stop) throws IOException {
        while (!stop.getAsBoolean()) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, byte[]> r : records) {
                take(r);
                done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            }
            if (!records.isEmpty()) {
                commit();
            }
        }
        commit();
    }

    private void take(ConsumerRecord<String, byte[]> r) throws IOException {
        byte[] v = r.value();
        String why;
        if (v == null) {
            why = "no value";
        } else {
            String line = new String(v, StandardCharsets.UTF_8);
            Matcher m = HOST.matcher(line);
            ShipId id = m.find() ? ShipId.find(line.substring(m.start())) : null;
            if (id == null || !ShipSettings.validHost(m.group(1))) {
                why = "no host and id fields at its end (not a line an fsmon daemon shipped)";
            } else {
                try {
                    FileEvent e = json.parse(v, 0, v.length);
                    CentralHost h = host(m.group(1));
                    if (h.holds(id)) {
                        duplicates++;
                    } else {
                        h.add(id, HistoryLayout.dayOf(e.time()), v);
                        written++;
                    }
                    return;
                } catch (MalformedLineException e) {
                    why = e.getMessage();
                }
            }
        }
        malformed++;
        log.accept("collect: skipped a malformed record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                + ": " + why + " (" + malformed + " so far)");
    }

    private CentralHost host(String name) throws IOException {
        CentralHost h = hosts.get(name);
        if (h == null) {
            h = new CentralHost(dir.resolve(name), fileLimit);
            hosts.put(name, h);
        }
        return h;
    }

    /** Writes and syncs every host's lines, then commits the offsets of the records they came from. */
    private void commit() throws IOException {
        for (CentralHost h : hosts.values()) {
            h.flush();
            h.sync();
        }
        if (!done.isEmpty()) {
            try {
                consumer.commitSync(Map.copyOf(done));
                done.clear();
            } catch (org.apache.kafka.clients.consumer.CommitFailedException
                     | org.apache.kafka.common.errors.RebalanceInProgressException e) {
                // The partitions moved on: whoever has them now gets these records again and
                // recognises what is written here by its id.
                done.clear();
                log.accept("collect: offsets not committed (" + e.getClass().getSimpleName()
                        + "); what was written is recognised when it comes again");
            } catch (org.apache.kafka.common.errors.RetriableException e) {
                log.accept("collect: offsets not committed yet (" + e.getMessage() + "); retrying");
            }
        }
    }

    private void forgetHosts() {
        for (CentralHost h : hosts.values()) {
            try {
                h.close();
            } catch (IOException e) {
                log.accept("collect: " + e.getMessage());
            }
        }
        hosts.clear();
    }

    /** Lines written, resends recognised and not written, records skipped as malformed. */
    public record Counts(long written, long duplicates, long malformed) {
    }

    public Counts counts() {
        return new Counts(written, duplicates, malformed);
    }

    /** Interrupts a {@link #run} from another thread (a signal). */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        forgetHosts();
        consumer.close(Duration.ofSeconds(5));
    }
}
