package io.fsmon.linux;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The bottom layer: {@code io.fsmon.linux} needs only itself and the JDK. */
class LinuxPackageDependenciesTest {

    @Test
    void linuxDependsOnlyOnItselfAndTheJdk() {
        classes().that().resideInAPackage("io.fsmon.linux")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.fsmon.linux", "java..")
                .because("linux is the bottom layer: it imports nothing from the rest of fsmon")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.fsmon.linux"));
    }
}
