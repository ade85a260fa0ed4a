package io.fsmon.fleet;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
            "value.deserializer", "each record is a block of history lines' bytes");

    private final KafkaConsumer<String, byte[]> consumer;
    private final Path dir;
    private final long fileLimit;
    private final Consumer<String> log;
    private final ShippedLine line = new ShippedLine();
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
        // A poll's records stay in the heap decompressed until they are written: a record is a
        // block of up to 64 KiB of lines (lz4 shrinks them ~5x on the wire), so the fetch is
        // bounded in bytes (the client's default is 50 MiB compressed) rather than in records.
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(8 << 20));
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

    /**
     * Writes the lines of one record (a block of whole shipped lines, see {@link KafkaTransport}),
     * each once: a line already held (a resend) is skipped, a line that is not a shipped fsmon line
     * is counted as malformed and skipped, and the lines around it are written.
     */
    void take(ConsumerRecord<String, byte[]> r) throws IOException {
        byte[] v = r.value();
        if (v == null || v.length == 0) {
            skipped(r, 1, "no value");
            return;
        }
        int bad = 0;
        String why = null;
        int start = 0;
        while (start < v.length) {
            int end = start;
            while (end < v.length && v[end] != '\n') {
                end++;
            }
            if (end > start) {
                String wrong = line.read(v, start, end);
                if (wrong == null) {
                    CentralHost h = host(line.host);
                    if (h.holds(line.id)) {
                        duplicates++;
                    } else {
                        h.add(line.id, line.day, v, start, end - start);
                        written++;
                    }
                } else {
                    bad++;
                    why = why == null ? wrong : why;
                }
            }
            start = end + 1;
        }
        if (bad > 0) {
            skipped(r, bad, why);
        }
    }

    private void skipped(ConsumerRecord<String, byte[]> r, int lines, String why) {
        malformed += lines;
        log.accept("collect: skipped a malformed record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                + (lines > 1 ? " (" + lines + " lines)" : "") + ": " + why + " (" + malformed + " so far)");
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
        sync();
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

    /** Writes every host's queued lines and {@code fdatasync}s them. */
    void sync() throws IOException {
        for (CentralHost h : hosts.values()) {
            h.flush();
            h.sync();
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
