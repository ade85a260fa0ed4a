package io.fsmon.linux;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class (or a test method) that needs root and the real kernel: fanotify, netlink,
 * a tmpfs mounted for the test, a daemon. Tagged {@code kernel}, so
 * {@code ./mvnw test -Dgroups='!kernel'} runs the tier that needs neither, as any user; and
 * guarded by {@link Privileged#assumeRoot()} before each test (and before its {@code @BeforeEach}
 * methods): skipped when not root, failed instead under {@code CI=true}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("kernel")
@ExtendWith(KernelTest.RootGuard.class)
public @interface KernelTest {

    /** Calls {@link Privileged#assumeRoot()} before each test of a {@link KernelTest}. */
    final class RootGuard implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            Privileged.assumeRoot();
        }
    }
}
