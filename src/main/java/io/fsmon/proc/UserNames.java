package io.fsmon.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Names uids from a passwd-format file, {@code /etc/passwd} by default.
 *
 * <p>Names are cached; a uid not in the cache re-reads the file, but at most once per second, so
 * a burst of events by a uid the file does not know (a container's, an LDAP user's) costs one
 * read, while a user added a moment ago is still found. Names once learnt are kept even if the
 * user is later deleted: they are still right for the events that user made.
 *
 * <p>Only the file is read, not NSS (LDAP, SSSD, systemd-homed users stay unnamed); resolving
 * through getpwuid can replace this class behind the same {@link #nameOf} without callers
 * noticing. Thread-safe.
 */
public final class UserNames {

    private static final long RELOAD_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path passwd;
    private final LongSupplier nanoClock;
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    private boolean loaded;            // guarded by this
    private long lastLoadNanos;        // guarded by this

    /** Names users from {@code /etc/passwd}. */
    public UserNames() {
        this(Path.of("/etc/passwd"), System::nanoTime);
    }

    /**
     * @param passwd    a file in passwd(5) format
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} but in tests)
     */
    public UserNames(Path passwd, LongSupplier nanoClock) {
        this.passwd = passwd;
        this.nanoClock = nanoClock;
    }

    /**
     * The name of {@code uid}, or {@code null} when the file does not name it (or cannot be
     * read): an unknown user is written as unknown.
     */
    public String nameOf(int uid) {
        String name = names.get(uid);
        if (name == null && reloadIfDue()) {
            name = names.get(uid);
        }
        return name;
    }

    /** Re-reads the file unless it was read less than a second ago; true if it was re-read. */
    private synchronized boolean reloadIfDue() {
        long now = nanoClock.getAsLong();
        if (loaded && now - lastLoadNanos < RELOAD_INTERVAL_NANOS) {
            return false;
        }
        loaded = true;
        lastLoadNanos = now;
        try {
            names.putAll(parsePasswd(Files.readString(passwd, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // No passwd file (a minimal container): every uid stays unnamed; retried next second.
        }
        return true;
    }

    /**
     * Parses passwd(5) lines {@code name:password:uid:gid:gecos:home:shell}. When two lines share
     * a uid the first wins, as it does for getpwuid(3). Comments, blank and malformed lines (and
     * NIS {@code +}/{@code -} entries) are skipped.
     */
    static Map<Integer, String> parsePasswd(String content) {
        Map<Integer, String> parsed = new HashMap<>();
        for (String line : content.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length < 3 || fields[0].isEmpty() || line.startsWith("#")
                    || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            try {
                parsed.putIfAbsent(Integer.parseUnsignedInt(fields[2].strip()), fields[0]);
            } catch (NumberFormatException e) {
                // not a uid: skip the line, as getpwent(3) would
            }
        }
        return parsed;
    }
}
