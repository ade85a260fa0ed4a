package io.fsmon.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version fsmon was built as and the commit it was built from, as the build wrote them into
 * {@code build.properties}. Either is "unknown" when the build could not tell (no .git, no git).
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit  the commit id, abbreviated to 12 digits
 */
public record Build(String version, String commit) {
    /** This build's. */
    public static final Build CURRENT = read();

    /** {@code fsmon 0.1.0 (commit 1a2b3c4d5e6f)}. */
    public String describe() {
        return "fsmon " + version + " (commit " + commit + ")";
    }

    private static Build read() {
        Properties p = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Left empty: both read as unknown.
        }
        return new Build(known(p.getProperty("version")), known(p.getProperty("commit")));
    }

    /** A value the build filled in, or "unknown" for a missing or unfilled one. */
    static String known(String v) {
        return v == null || v.isBlank() || v.contains("${") ? "unknown" : v.strip();
    }
}
