package io.fsmon.linux;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need root (fanotify, open_by_handle_at). Off CI they are skipped when
 * not root; with {@code CI=true} a skip would hide that they never ran, so they fail instead.
 */
public final class Privileged {

    private Privileged() {
    }

    /** Skips the calling test unless running as root; fails instead of skipping on CI. */
    public static void assumeRoot() {
        int euid = Unistd.geteuid();
        if (euid != 0 && "true".equals(System.getenv("CI"))) {
            fail("this test needs root, and CI=true forbids skipping it (euid " + euid + ")");
        }
        Assumptions.assumeTrue(euid == 0, "needs root (euid " + euid + ")");
    }
}
