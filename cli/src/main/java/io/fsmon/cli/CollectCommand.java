package io.fsmon.cli;

import io.fsmon.daemon.DaemonSettings;
import io.fsmon.daemon.ShipSettings;
import io.fsmon.fleet.Collector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fsmon collect}: the central side of the fleet, a Kafka consumer writing a history per host. */
@Command(name = "collect", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Consume the events daemons ship to Kafka ([ship] in their config) and write a central "
                + "history: DIR/HOST/ per host, in the daemon's format plus host and id. Each event is written "
                + "once, through crashes and resends. Run several with one --group to share the partitions.",
        footer = {"", "Examples:",
                "  fsmon collect --kafka 10.0.0.5:9092 --history /srv/fsmon-central",
                "  fsmon query --history /srv/fsmon-central --host 'web-*' --path '/etc/**' --since 1d",
                "", ExitCode.HELP})
final class CollectCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP", description = "The Kafka bootstrap servers, HOST:PORT[,HOST:PORT...].")
    String kafka;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic the daemons ship to. Default: "
            + ShipSettings.DEFAULT_TOPIC + ".")
    String topic = ShipSettings.DEFAULT_TOPIC;

    @Option(names = "--history", required = true, paramLabel = "DIR", description = "The central history's folder.")
    Path history;

    @Option(names = "--group", paramLabel = "G", description = "The consumer group. Default: fsmon-collect.")
    String group = "fsmon-collect";

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A Kafka client property (TLS, SASL, "
            + "timeouts); repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    CollectCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Signals.Termination termination = Signals.handle();
        Collector c;
        try {
            c = new Collector(kafka, topic, group, history.toAbsolutePath(), properties,
                    DaemonSettings.DEFAULT_FILE_LIMIT, line -> err.println("fsmon: " + line));
        } catch (IllegalArgumentException e) {
            termination.close();
            err.println("fsmon: collect: " + e.getMessage());
            return ExitCode.USAGE;
        }
        err.println("fsmon: collecting " + topic + " from " + kafka + " into " + history + " (group " + group + ")");
        termination.stops(c::wakeup);
        try {
            c.run(termination::requested);
        } catch (IOException e) {
            err.println("fsmon: collect: cannot write the central history in " + history + ": " + e.getMessage());
            c.close();
            return ExitCode.OUTPUT_UNWRITABLE;
        } finally {
            termination.close();
        }
        Collector.Counts n = c.counts();
        c.close();
        err.println("fsmon: collect stopped: " + n.written() + " events written, " + n.duplicates()
                + " resent ones skipped, " + n.malformed() + " malformed records skipped");
        return ExitCode.OK;
    }
}
