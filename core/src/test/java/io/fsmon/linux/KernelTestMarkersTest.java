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
public class KernelTestMarkersTest {

    @Test
    void whatAssumesRootIsMarkedKernelTest() throws Exception {
        assertThat(unmarked(testClasses(KernelTestMarkersTest.class)))
                .as("call Privileged.assumeRoot() without @KernelTest").isEmpty();
    }

    /**
     * The methods among the test classes under {@code testClasses} that call
     * {@link Privileged#assumeRoot()} without being, or being in, a {@code @KernelTest}; the CLI's
     * tests ask it of theirs too.
     */
    public static List<String> unmarked(Path testClasses) {
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPath(testClasses);
        List<String> unmarked = new ArrayList<>();
        tests.stream().flatMap(c -> c.getCodeUnits().stream())
                .filter(u -> u.getMethodCallsFromSelf().stream().anyMatch(call ->
                        call.getTargetOwner().isEquivalentTo(Privileged.class) && call.getName().equals("assumeRoot")))
                .filter(u -> !u.getOwner().isEquivalentTo(Privileged.class) && !u.getOwner().isEquivalentTo(KernelTest.RootGuard.class))
                .filter(u -> !marked(u))
                .forEach(u -> unmarked.add(u.getFullName()));
        return unmarked;
    }

    private static boolean marked(JavaCodeUnit u) {
        try {
            Class<?> c = Class.forName(u.getOwner().getName(), false, Thread.currentThread().getContextClassLoader());
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

    /** The folder (or jar) the test class {@code c} was loaded from. */
    public static Path testClasses(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
