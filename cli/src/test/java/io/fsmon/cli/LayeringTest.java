package io.fsmon.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.fsmon.daemon.Daemon;
import org.junit.jupiter.api.Test;

/**
 * The service sits below the command line: it never imports cli, and only cli uses picocli. The
 * metrics sit between them: only they use the Prometheus client, and nothing below cli uses them.
 */
class LayeringTest {
    // Only our compiled classes (target/classes): scanning the whole class path for io.fsmon is slow.
    private static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(mainClasses());

    private static java.nio.file.Path mainClasses() {
        // The rules look at package names only: do not load every referenced JDK and library class.
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        try {
            return java.nio.file.Path.of(Daemon.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
