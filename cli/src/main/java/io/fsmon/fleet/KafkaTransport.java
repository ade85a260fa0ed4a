package io.fsmon.fleet;

import io.fsmon.daemon.ShipSettings;
import io.fsmon.daemon.ShipTransport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The daemon's shipper's Kafka side: an idempotent producer with {@code acks=all} and lz4
 * compression, records keyed by host (one host's events stay in order in one partition). The
 * shipper makes the records' values (blocks of whole lines, or one line each with
 * {@code records = "event"}, as Kafka Connect's JsonConverter reads it) and appends the next batch
 * while the broker answers the one before; a batch's {@link Acks} return only when every record of
 * it was acknowledged, otherwise one line says why.
 */
public final class KafkaTransport implements ShipTransport {
    private final ShipSettings settings;
    private KafkaProducer<String, byte[]> producer;
    /** A record of the current producer failed: it was closed at once, so nothing after it was sent. */
    private volatile boolean broken;
    /** Why the first failed record of the current producer failed. */
    private volatile Exception firstFailure;
    /** The acknowledgements of the records appended since the last {@link #batch()}. */
    private List<Future<RecordMetadata>> pending = new ArrayList<>();
    /** The shipper was told of the current producer's failure (it resends from its checkpoint). */
    private boolean failureReported;

    private KafkaTransport(ShipSettings settings) {
        this.settings = settings; // the producer is made at the first send: a bad address is a status line
    }

    private KafkaProducer<String, byte[]> newProducer() throws IOException {
        try {
            return new KafkaProducer<>(properties(settings), new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) { // an address that does not resolve, a property the client refuses
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot use " + settings.bootstrap() + ": " + why.getMessage(), e);
        }
    }

    /** The factory the daemon command plugs into the daemon. */
    public static ShipTransport open(ShipSettings settings, Consumer<String> log) {
        return new KafkaTransport(settings);
    }

    static Properties properties(ShipSettings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fsmon-" + s.host());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // The shipper appends a MiB of lines at a time: lz4 makes ~200 KiB of them, one batch and
        // so one produce request (the client sends one batch per partition in a request, and its
        // work per request, in the daemon's C1, was most of the cost of shipping). The client
        // keeps freed batch buffers of batch.size in a pool up to buffer.memory (its default
        // 32 MiB would only keep garbage alive in the daemon's 64 MiB heap); two batches are out
        // at a time (one sent, the next filling).
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(2 * 1024 * 1024));
        // One request at a time, and the producer closed at the first failed record (see send): the
        // topic then holds each host's lines in the order shipped, possibly with a resent prefix,
        // never a later line before an earlier one, so a collector's "highest id so far" dedupes.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        // A broker that does not answer is retried by the shipper, which says so in status: the
        // client's own waits are kept short enough for status to tell within seconds.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        // The client's own metrics pushed to the broker (KIP-714) are off unless the operator sets
        // them on: the push's OpenTelemetry stack (~60 classes) cost a shipping daemon ~1.3 MiB of
        // peak RSS, and only a broker with a metrics plugin takes them.
        p.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        p.putAll(s.properties()); // TLS, SASL, timeouts: the operator's word wins
        return p;
    }

    @Override
    public void append(byte[] value) throws IOException {
        if (broken) {
            if (!failureReported) {
                // A record failed and the shipper has not heard yet: it may still be appending the
                // batch after the failed one. A new producer now would deliver that batch ahead of
                // the resend of the failed one, and the collector, which keeps the newest id per
                // host, would then take the resent lines for old ones.
                throw failed(firstFailure);
            }
            if (producer != null) {
                producer.close(java.time.Duration.ZERO);
            }
            producer = null;
            broken = false;
            firstFailure = null;
            failureReported = false;
            pending = new ArrayList<>();
        }
        if (producer == null) {
            producer = newProducer();
        }
        KafkaProducer<String, byte[]> p = producer;
        try {
            pending.add(p.send(new ProducerRecord<>(settings.topic(), settings.host(), value), (meta, e) -> {
                if (e != null && !broken) {
                    // Without this, a batch that expired could be followed by a later one that
                    // succeeds: the resend would then put earlier lines after later ones.
                    firstFailure = e;
                    broken = true;
                    p.close(java.time.Duration.ZERO); // from the callback: aborts every unsent batch
                }
            }));
        } catch (IllegalStateException e) { // closed by a callback meanwhile
            abort(p);
            throw failed(firstFailure != null ? firstFailure : e);
        } catch (KafkaException e) {
            abort(p);
            throw failed(e);
        }
    }

    /** The failure as the shipper hears it: from now on it resends from its checkpoint. */
    private IOException failed(Throwable why) {
        failureReported = true;
        pending = new ArrayList<>();
        Throwable e = why != null ? why : new IllegalStateException("the producer was closed");
        return new IOException(reason(e), e);
    }

    @Override
    public Acks batch() {
        List<Future<RecordMetadata>> acks = pending;
        pending = new ArrayList<>();
        KafkaProducer<String, byte[]> p = producer;
        return () -> {
            try {
                for (Future<RecordMetadata> f : acks) {
                    f.get();
                }
            } catch (ExecutionException e) {
                abort(p);
                throw failed(firstFailure != null ? firstFailure : e.getCause());
            } catch (InterruptedException e) {
                abort(p);
                Thread.currentThread().interrupt();
                failed(e);
                throw new IOException("interrupted", e);
            }
        };
    }

    /** Drops what this producer has not sent: the shipper resends from its checkpoint, in order. */
    private void abort(KafkaProducer<String, byte[]> p) {
        broken = true;
        if (p != null) {
            p.close(java.time.Duration.ZERO);
        }
    }

    /** One line for status and the log. */
    private String reason(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (e instanceof UnknownTopicOrPartitionException || m.contains("not present in metadata")) {
            // The client says the same when no broker answers and when the topic is missing: ask TCP.
            String unreachable = unreachable(settings.bootstrap());
            return unreachable != null ? "unreachable: " + unreachable
                    : "topic '" + settings.topic() + "' does not exist on the broker (or this client may not see it)";
        }
        if (e instanceof AuthorizationException) {
            return "refused by the broker: " + m;
        }
        if (e instanceof TimeoutException) {
            return "no answer from the broker: " + m;
        }
        return e.getClass().getSimpleName() + ": " + m;
    }

    /** Why none of the bootstrap servers accepts a connection, or null when one does. */
    static String unreachable(String bootstrap) {
        String why = null;
        for (String hp : bootstrap.split(",")) {
            int colon = hp.strip().lastIndexOf(':');
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(hp.strip().substring(0, Math.max(0, colon)),
                        Integer.parseInt(hp.strip().substring(colon + 1))), 2000);
                return null;
            } catch (IOException | RuntimeException x) {
                why = "cannot connect to " + hp.strip() + " (" + x.getMessage() + ")";
            }
        }
        return why;
    }

    @Override
    public String describe() {
        return "kafka " + settings.bootstrap() + " " + settings.topic();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
