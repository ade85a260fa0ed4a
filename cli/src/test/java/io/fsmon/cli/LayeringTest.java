package io.fsmon.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import io.fsmon.daemon.Daemon;
import org.junit.jupiter.api.Test;

/**
 * The library (core) sits below the command line (cli), with the API at its top: the library never
 * imports cli, only cli uses picocli, and the commands that watch and query do it through the API.
 * The metrics sit between them: only they use the Prometheus client, and nothing below cli uses them;
 * likewise the fleet (io.fsmon.fleet) is the only user of the Kafka client.
 */
class LayeringTest {
    // Only our compiled classes (the library's and the command's): scanning the whole class path
    // for io.fsmon is slow.
    private static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(java.util.List.of(classesOf(Daemon.class), classesOf(Main.class)));

    /** Where a class was loaded from: a classes folder (in the reactor) or a jar (the library installed). */
    private static Location classesOf(Class<?> c) {
        // The rules look at package names only: do not load every referenced JDK and library class.
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        try {
            java.nio.file.Path p = java.nio.file.Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            return java.nio.file.Files.isDirectory(p) ? Location.of(p) : Location.of(new java.util.jar.JarFile(p.toFile()));
        } catch (java.net.URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bothArtifactsAreScanned() {
        assertThat(classes.contain(Main.class)).isTrue();
        assertThat(classes.contain(Daemon.class)).isTrue();
    }

    @Test
    void theApiSitsAboveTheDaemonAndBelowTheCommandLine() {
        noClasses().that().resideInAnyPackage("io.fsmon.linux..", "io.fsmon.event..", "io.fsmon.filter..",
                "io.fsmon.timing..", "io.fsmon.proc..", "io.fsmon.monitor..", "io.fsmon.log..", "io.fsmon.history..",
                "io.fsmon.daemon..").should().dependOnClassesThat().resideInAPackage("io.fsmon.api..").check(classes);
    }

    @Test
    void theCommandLineWatchesQueriesAndTalksToTheDaemonThroughTheApi() {
        // fsmon monitor runs on FileWatcher, fsmon query/changes on History, and status, list, add,
        // remove, tail and stop on DaemonClient, as a library user's code does
        noClasses().that().resideInAPackage("io.fsmon.cli..").should().dependOnClassesThat()
                .belongToAnyOf(io.fsmon.monitor.Monitor.class, io.fsmon.monitor.ProcessAttribution.class,
                        io.fsmon.monitor.DeferredAttribution.class, io.fsmon.history.QueryEngine.class,
                        io.fsmon.history.Query.class, io.fsmon.daemon.ControlClient.class, io.fsmon.daemon.Request.class,
                        io.fsmon.daemon.Reply.class, io.fsmon.daemon.StatusReport.class, io.fsmon.daemon.WatchSpec.class)
                .check(classes);
    }

    @Test
    void nothingImportsCli() {
        noClasses().that().resideOutsideOfPackage("io.fsmon.cli..").should().dependOnClassesThat()
                .resideInAPackage("io.fsmon.cli..").check(classes);
    }

    @Test
    void onlyCliUsesPicocli() {
        // picocli itself is compiled into target/classes too (see pom.xml); only fsmon's own code counts.
        noClasses().that().resideInAPackage("io.fsmon..").and().resideOutsideOfPackage("io.fsmon.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(classes);
    }

    @Test
    void onlyMetricsUsesThePrometheusClient() {
        noClasses().that().resideInAPackage("io.fsmon..").and().resideOutsideOfPackage("io.fsmon.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..").check(classes);
    }

    @Test
    void onlyFleetUsesTheKafkaClient() {
        noClasses().that().resideInAPackage("io.fsmon..").and().resideOutsideOfPackage("io.fsmon.fleet..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..").check(classes);
    }

    @Test
    void onlyCliUsesFleet() {
        noClasses().that().resideInAPackage("io.fsmon..").and().resideOutsideOfPackages("io.fsmon.fleet..", "io.fsmon.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.fsmon.fleet..").check(classes);
    }

    @Test
    void onlyCliUsesMetrics() {
        noClasses().that().resideInAPackage("io.fsmon..").and().resideOutsideOfPackages("io.fsmon.metrics..", "io.fsmon.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.fsmon.metrics..").check(classes);
    }

    @Test
    void logAndMonitorDoNotKnowTheDaemon() {
        noClasses().that().resideInAnyPackage("io.fsmon.log..", "io.fsmon.monitor..", "io.fsmon.proc..",
                "io.fsmon.event..", "io.fsmon.linux..").should().dependOnClassesThat()
                .resideInAPackage("io.fsmon.daemon..").check(classes);
    }
}
