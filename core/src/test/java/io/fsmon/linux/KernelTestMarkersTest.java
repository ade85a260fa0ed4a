package io.fsmon.linux;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test that needs root says so with {@link KernelTest}: a test that calls
 * {@link Privileged#assumeRoot()} is a {@code @KernelTest} method or in a {@code @KernelTest}
 * class, so {@code -Dgroups='!kernel'} leaves it out.
 */
class KernelTestMarkersTest {

    @Test
    void whatAssumesRootIsMarkedKernelTest() throws Exception {
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPath(testClasses());
        List<String> unmarked = new ArrayList<>();
        tests.stream().flatMap(c -> c.getCodeUnits().stream())
                .filter(u -> u.getMethodCallsFromSelf().stream().anyMatch(call ->
                        call.getTargetOwner().isEquivalentTo(Privileged.class) && call.getName().equals("assumeRoot")))
                .filter(u -> !u.getOwner().isEquivalentTo(Privileged.class) && !u.getOwner().isEquivalentTo(KernelTest.RootGuard.class))
                .filter(u -> !marked(u))
                .forEach(u -> unmarked.add(u.getFullName()));
        assertThat(unmarked).as("call Privileged.assumeRoot() without @KernelTest").isEmpty();
    }

    private static boolean marked(JavaCodeUnit u) {
        try {
            Class<?> c = Class.forName(u.getOwner().getName(), false, KernelTestMarkersTest.class.getClassLoader());
            if (c.isAnnotationPresent(KernelTest.class)) { // @Inherited: a subclass of a marked class is marked
                return true;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(u.getName()) && m.isAnnotationPresent(KernelTest.class)) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path testClasses() throws URISyntaxException {
        return Path.of(KernelTestMarkersTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
