package io.fsmon.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import io.fsmon.linux.NativeException;
import io.fsmon.linux.Passwd;

/**
 * Names uids through the system's user database (NSS, {@code getpwuid_r}: files, LDAP, SSSD,
 * systemd-homed), or, for tests and hosts without one, from a passwd-format file.
 *
 * <p>Names are cached; a uid not in the cache re-reads the file, but at most once per second, so
 * a burst of events by a uid the file does not know (a container's, an LDAP user's) costs one
 * read, while a user added a moment ago is still found. Names once learnt are kept even if the
 * user is later deleted: they are still right for the events that user made.
 *
 * <p>Through NSS, a uid the database does not know is asked again at most once a second, for
 * the same reasons. Thread-safe.
 */
public final class UserNames {

    private static final long RELOAD_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path passwd;
    private final LongSupplier nanoClock;
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    private final Map<Integer, Long> misses = new ConcurrentHashMap<>();
    private final IntFunction<String> database;
    private boolean loaded;            // guarded by this
    private long lastLoadNanos;        // guarded by this

    /** Names users through NSS ({@code getpwuid_r}). */
    public UserNames() {
        this(UserNames::nss, System::nanoTime);
    }

    /**
     * @param database  names one uid, or null when it knows none (NSS, or a test's map)
     * @param nanoClock a monotonic clock in nanoseconds
     */
    public UserNames(IntFunction<String> database, LongSupplier nanoClock) {
        this.passwd = null;
        this.database = database;
        this.nanoClock = nanoClock;
    }

    private static String nss(int uid) {
        try {
            return Passwd.nameOf(uid);
        } catch (NativeException e) {
            return null; // the database failed (a backend down): unnamed, asked again later
        }
    }

    /**
     * @param passwd    a file in passwd(5) format
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} but in tests)
     */
    public UserNames(Path passwd, LongSupplier nanoClock) {
        this.passwd = passwd;
        this.database = null;
        this.nanoClock = nanoClock;
    }

    /**
     * The name of {@code uid}, or {@code null} when the file does not name it (or cannot be
     * read): an unknown user is written as unknown.
     */
    public String nameOf(int uid) {
        String name = names.get(uid);
        if (name == null && database != null) {
            return ask(uid);
        }
        if (name == null && reloadIfDue()) {
            name = names.get(uid);
        }
        return name;
    }

    /** Asks the database unless it said "no such user" less than a second ago. */
    private String ask(int uid) {
        long now = nanoClock.getAsLong();
        Long missed = misses.get(uid);
        if (missed != null && now - missed < RELOAD_INTERVAL_NANOS) {
            return null;
        }
        String name = database.apply(uid);
        if (name == null) {
            misses.put(uid, now);
        } else {
            names.put(uid, name);
            misses.remove(uid);
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
