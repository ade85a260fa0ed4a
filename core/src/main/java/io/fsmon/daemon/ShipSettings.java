package io.fsmon.daemon;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the daemon ships its history: the {@code [ship]} table of the config file, or
 * {@code fsmon daemon --ship-kafka/--ship-topic}.
 *
 * <pre>
 * [ship]
 * kafka = "10.0.0.5:9092,10.0.0.6:9092"   # bootstrap servers
 * topic = "fsmon.events"
 * host  = "web-01"                          # default: the hostname
 * records = "event"                         # default "block": see below
 * "security.protocol" = "SSL"               # any quoted key with a dot: a Kafka client property
 * </pre>
 * A client property may not change what exactly-once rests on ({@link #FIXED}: acks, idempotence,
 * one request in flight, the key and its partitioning, the serializers).
 *
 * @param bootstrap  the Kafka bootstrap servers, {@code HOST:PORT[,HOST:PORT...]}
 * @param topic      the topic the events go to
 * @param host       the name this host's events carry (and its folder in a central history)
 * @param properties client properties passed through as written (TLS, SASL, timeouts)
 * @param perEvent   one history line per Kafka record ({@code records = "event"}, what Kafka
 *                   Connect's JsonConverter reads) instead of blocks of lines (the default, far
 *                   cheaper per event for the daemon and the collector)
 */
public record ShipSettings(String bootstrap, String topic, String host, Map<String, String> properties,
                           boolean perEvent) {
    public static final String DEFAULT_TOPIC = "fsmon.events";

    /**
     * Producer properties the shipper sets itself and a config may not change, with why: the
     * checkpoint, the ids and the collector's dedupe ("the highest id so far per host") rest on
     * them.
     */
    static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("acks", "the checkpoint moves only for lines every in-sync replica holds (acks=all)"),
            Map.entry("enable.idempotence", "a retried request must not write lines twice or out of order"),
            Map.entry("max.in.flight.requests.per.connection",
                    "one request at a time keeps each host's lines in order, which the collector's dedupe relies on"),
            Map.entry("transactional.id", "the shipper does not use transactions; its checkpoint makes it exactly once"),
            Map.entry("key.serializer", "records are keyed by host (a string) so one host's lines stay in one partition"),
            Map.entry("value.serializer", "each record is one history line's bytes"),
            Map.entry("partitioner.class", "one host's lines must stay in one partition, in order"),
            Map.entry("partitioner.ignore.keys", "one host's lines must stay in one partition, in order"),
            Map.entry("interceptor.classes", "an interceptor may change or drop lines the checkpoint then counts as sent"),
            Map.entry("bootstrap.servers", "set kafka = \"HOST:PORT\" instead"));

    public ShipSettings {
        properties = Map.copyOf(properties);
    }

    /** Blocks of lines per record, the default. */
    public ShipSettings(String bootstrap, String topic, String host, Map<String, String> properties) {
        this(bootstrap, topic, host, properties, false);
    }

    /** The same settings with a bootstrap address and topic from the command line (null: keep). */
    public ShipSettings with(String bootstrapOption, String topicOption) {
        return new ShipSettings(bootstrapOption != null ? bootstrapOption : bootstrap,
                topicOption != null ? topicOption : topic, host, properties, perEvent);
    }

    /** A host name usable as a folder of a central history: no slash, not "." or "..", printable. */
    public static boolean validHost(String h) {
        return h != null && !h.isEmpty() && h.length() <= 253 && !h.equals(".") && !h.equals("..")
                && h.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/' && c != '\\');
    }

    /** This machine's name, as {@code hostname} prints it ({@code /proc/sys/kernel/hostname}). */
    public static String localHost() {
        try {
            String h = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (validHost(h)) {
                return h;
            }
        } catch (java.io.IOException e) {
            // fall through to the JDK's idea
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** From the {@code [ship]} table; {@code table} null gives null (no shipping). */
    static ShipSettings from(Toml.Table table, int line) {
        if (table == null) {
            return null;
        }
        ConfigTable c = new ConfigTable(table, "in [ship]", line);
        Map<String, String> props = new LinkedHashMap<>();
        for (var e : table.entrySet()) {
            String k = e.getKey();
            if (k.equals("kafka") || k.equals("topic") || k.equals("host") || k.equals("records")) {
                continue;
            }
            String fixed = FIXED.get(k);
            if (fixed != null) {
                throw new IllegalArgumentException("line " + table.line(k) + ": [ship] cannot set the client property '"
                        + k + "': " + fixed);
            }
            if (!k.contains(".")) {
                c.allowOnly(java.util.List.of("kafka", "topic", "host", "records"));
            }
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Long || v instanceof Boolean)) {
                throw new IllegalArgumentException("line " + table.line(k) + ": the client property '" + k
                        + "' must be a string, a number or true/false");
            }
            props.put(k, String.valueOf(v));
        }
        String bootstrap = c.string("kafka");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("line " + line + ": [ship] needs kafka = \"HOST:PORT\" (the bootstrap servers)");
        }
        String topic = c.string("topic");
        String host = c.string("host");
        if (host != null && !validHost(host)) {
            throw new IllegalArgumentException("line " + table.line("host") + ": host '" + host
                    + "' cannot name a folder (no spaces, slashes, or '.'/'..')");
        }
        String records = c.string("records");
        if (records != null && !records.equals("block") && !records.equals("event")) {
            throw new IllegalArgumentException("line " + table.line("records") + ": records = \"" + records
                    + "\" is neither \"block\" (several lines per Kafka record, the default) nor \"event\" (one per record)");
        }
        return new ShipSettings(bootstrap.strip(), topic == null ? DEFAULT_TOPIC : topic,
                host == null ? localHost() : host, props, "event".equals(records));
    }
}
