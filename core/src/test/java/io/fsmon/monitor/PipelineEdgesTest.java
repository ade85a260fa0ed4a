package io.fsmon.monitor;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The record pipeline reaches the kernel only through its edges ({@link HandleOpener},
 * {@link SizeLookup}, {@link Marking}, {@link Attribution}), which is what lets the root-free tests
 * ({@link RecordPipelineTest} and its neighbours) run it whole on hand-built reads: none of its
 * classes calls into {@code io.fsmon.linux} (reading its constants is fine).
 */
class PipelineEdgesTest {

    @Test
    void thePipelineCallsNothingInTheBindings() throws URISyntaxException {
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(RecordPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        noClasses().that().belongToAnyOf(RecordPipeline.class, RecordDecoder.class, RecordInterpreter.class,
                        BatchLookahead.class, HeldRecords.class, RecordPaths.class, PathResolver.class, DirectoryFds.class,
                        EventSizes.class, SizeTracker.class, BatchActors.class, UnresolvedEvents.class, UnresolvedNotice.class,
                        HandleKey.class)
                .should().callCodeUnitWhere(JavaCall.Predicates.target(owner(resideInAPackage("io.fsmon.linux.."))))
                .because("the kernel is behind the pipeline's edges, so it is tested without root")
                .check(classes);
    }
}
