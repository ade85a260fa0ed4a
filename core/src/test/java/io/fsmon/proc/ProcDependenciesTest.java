package io.fsmon.proc;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps {@code proc} where the layering puts it: plain Java over files and the linux bindings, above {@code event}. */
class ProcDependenciesTest {

    private final JavaClasses proc = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fsmon.proc");

    @Test
    void dependsOnlyOnTheJdkEventAndLinux() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.fsmon.proc..", "io.fsmon.event..", "io.fsmon.linux..")
                .check(proc);
    }

    @Test
    void usesNoNativeAccess() {
        noClasses().should().dependOnClassesThat().resideInAPackage("java.lang.foreign..").check(proc);
    }
}
