package io.fsmon.cli;

import io.fsmon.daemon.Daemon;
import io.fsmon.daemon.DaemonException;
import io.fsmon.daemon.DaemonSettings;
import io.fsmon.daemon.Launcher;
import io.fsmon.daemon.ShipSettings;
import io.fsmon.daemon.ShipTransport;
import io.fsmon.linux.Unistd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;

/** {@code fsmon daemon}: the service, in the foreground (systemd) or {@code --detach}ed. */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Run the service: watches from the config file and from 'fsmon add', a history on disk, "
                + "a control socket. Foreground by default (systemd); SIGTERM stops it cleanly.",
        footer = {"", "Examples:", "  sudo fsmon daemon                       in the foreground (what systemd runs)",
                "  sudo fsmon daemon --detach              in the background; prints its pid",
                "  sudo fsmon daemon --runtime-dir /tmp/r --history /tmp/h --state-dir /tmp/s",
                "  sudo fsmon daemon --metrics 9464        Prometheus metrics on http://127.0.0.1:9464/metrics",
                "  sudo fsmon daemon --ship-kafka 10.0.0.5:9092   ship the history to Kafka (topic fsmon.events)",
                "", ExitCode.HELP})
final class DaemonCommand implements Callable<Integer> {
    static final String MAIN = "io.fsmon.cli.Main";

    private final PrintStream out;
    private final PrintStream err;

    final DaemonLocations locations = new DaemonLocations();

    @Option(names = "--detach", description = "Start in the background, wait until it answers, print its pid.")
    boolean detach;

    @Option(names = "--metrics", paramLabel = "ADDR", description = "Serve Prometheus metrics on [HOST:]PORT "
            + "(a port alone: loopback; 0.0.0.0:PORT for every interface). Config: metrics. Default: off.")
    String metrics;

    @Option(names = "--ship-kafka", paramLabel = "BOOTSTRAP", description = "Ship the history to Kafka at "
            + "HOST:PORT[,HOST:PORT...] (config: [ship] kafka). Default: not shipped.")
    String shipKafka;

    @Option(names = "--ship-topic", paramLabel = "TOPIC", description = "The topic to ship to (config: [ship] topic). "
            + "Default: " + ShipSettings.DEFAULT_TOPIC + ".")
    String shipTopic;

    @Option(names = "--detached", hidden = true, description = "Internal: this is the re-executed background daemon.")
    boolean detachedChild;

    DaemonCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (Unistd.geteuid() != 0) {
            err.println("fsmon: the daemon needs root (CAP_SYS_ADMIN) to watch with fanotify");
            return ExitCode.NOT_PRIVILEGED;
        }
        DaemonSettings settings;
        try {
            settings = DaemonSettings.load(locations.overrides(), System.getenv(), true);
            settings.checkGroup();
        } catch (IllegalArgumentException | IOException e) {
            err.println("fsmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (shipKafka != null || shipTopic != null) {
            if (settings.ship() == null && shipKafka == null) {
                err.println("fsmon: --ship-topic needs --ship-kafka (or a [ship] table in the config file)");
                return ExitCode.USAGE;
            }
            settings = settings.withShip(settings.ship() != null ? settings.ship().with(shipKafka, shipTopic)
                    : new ShipSettings(shipKafka, shipTopic != null ? shipTopic : ShipSettings.DEFAULT_TOPIC,
                    ShipSettings.localHost(), java.util.Map.of()));
        }
        String metricsAt = metrics != null ? metrics : settings.metrics();
        if (metricsAt != null) { // the metrics classes (and the client's) load only past this test
            try {
                DaemonMetrics.check(metricsAt);
            } catch (IllegalArgumentException e) {
                err.println("fsmon: " + (metrics != null ? "" : settings.locations().configFile() + ": ") + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        if (detach) {
            try {
                long pid = detach(locations, settings, metrics, shipKafka, shipTopic);
                out.println(pid);
                err.println("fsmon: daemon running in the background (pid " + pid + ")");
                return ExitCode.OK;
            } catch (DaemonException e) {
                return ExitCode.report(e, err);
            }
        }
        if (detachedChild) {
            Daemon.detachFromTerminal();
        }
        Signals.Termination termination = Signals.handle();
        Daemon d;
        try {
            // The Kafka client's classes load only when shipping is configured: the reference to
            // them is linked when this branch runs, not before.
            ShipTransport.Factory ships = settings.ship() == null ? null : io.fsmon.fleet.KafkaTransport::open;
            d = Daemon.start(settings, System.getenv(), line -> err.println("fsmon: " + line), ships);
        } catch (DaemonException e) {
            return ExitCode.report(e, err);
        }
        termination.stops(d::requestStop);
        CompletableFuture<AutoCloseable> endpoint = metricsAt == null ? null : DaemonMetrics.serve(metricsAt, d, err);
        d.run();
        if (endpoint != null) {
            DaemonMetrics.stop(endpoint);
        }
        return ExitCode.OK;
    }

    static long detach(DaemonLocations locations, DaemonSettings settings) throws DaemonException, InterruptedException {
        return detach(locations, settings, null, null, null);
    }

    /** Re-executes the daemon in the background with the same locations (and {@code --metrics}, if given). */
    static long detach(DaemonLocations locations, DaemonSettings settings, String metrics, String shipKafka,
                       String shipTopic) throws DaemonException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("daemon", "--detached"));
        args.addAll(locations.asArgs());
        if (metrics != null) {
            args.addAll(List.of("--metrics", metrics));
        }
        if (shipKafka != null) {
            args.addAll(List.of("--ship-kafka", shipKafka));
        }
        if (shipTopic != null) {
            args.addAll(List.of("--ship-topic", shipTopic));
        }
        return Launcher.startDetached(MAIN, args, settings.locations().socket(),
                settings.locations().runtimeDir().resolve("daemon.log"), Duration.ofSeconds(30));
    }
}
