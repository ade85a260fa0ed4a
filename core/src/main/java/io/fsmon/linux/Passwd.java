package io.fsmon.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * getpwuid_r(3): user names through the system's user database (NSS: files, LDAP, SSSD,
 * systemd-homed...), as {@code ls -l} and {@code id} see them, not only {@code /etc/passwd}.
 */
public final class Passwd {

    /**
     * {@code struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid;
     * char *pw_gecos; char *pw_dir; char *pw_shell; }} — 48 bytes on 64-bit Linux.
     */
    public static final StructLayout PASSWD = MemoryLayout.structLayout(
            ADDRESS.withName("pw_name"), ADDRESS.withName("pw_passwd"),
            JAVA_INT.withName("pw_uid"), JAVA_INT.withName("pw_gid"),
            ADDRESS.withName("pw_gecos"), ADDRESS.withName("pw_dir"),
            ADDRESS.withName("pw_shell")).withName("passwd");

    static final long PW_NAME_OFFSET = PASSWD.byteOffset(groupElement("pw_name"));

    /** Most entries need far less; ERANGE doubles it up to {@link #MAX_BUFFER}. */
    private static final long FIRST_BUFFER = 1024;
    private static final long MAX_BUFFER = 1 << 20;

    private Passwd() {
    }

    /**
     * {@code int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
     * struct passwd **result);} — returns an error number itself rather than setting errno.
     */
    static final class Handle {
        static final MethodHandle MH = Libc.downcall("getpwuid_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    /**
     * The user name of {@code uid}, or {@code null} when the user database has no such user.
     * EINTR is retried and ERANGE grows the buffer.
     *
     * @throws NativeException when the lookup itself failed (EIO, EMFILE, a NSS backend error)
     */
    @SuppressWarnings("restricted") // reinterpret: pw_name points into our own buffer
    public static String nameOf(int uid) throws NativeException {
        for (long size = FIRST_BUFFER; ; size *= 2) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pwd = arena.allocate(PASSWD);
                MemorySegment buf = arena.allocate(size);
                MemorySegment result = arena.allocate(ADDRESS);
                int err;
                try {
                    err = (int) Handle.MH.invokeExact(uid, pwd, buf, size, result);
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
                if (err == NativeException.ERANGE && size < MAX_BUFFER) {
                    continue;
                }
                if (err == NativeException.EINTR) {
                    size /= 2; // same size again
                    continue;
                }
                if (err != 0) {
                    throw new NativeException("getpwuid_r", null, err);
                }
                if (result.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                    return null; // no such user
                }
                MemorySegment name = pwd.get(ADDRESS, PW_NAME_OFFSET).reinterpret(size);
                return name.getString(0, StandardCharsets.UTF_8);
            }
        }
    }
}
