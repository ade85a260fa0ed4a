package io.fsmon.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one linker helper of this package: the native linker, libc's symbols, downcall handles
 * that capture errno, and C strings.
 *
 * <p>errno is captured by the linker right after the call returns, into a capture segment the
 * caller allocates for that call (from its confined per-call arena). Nothing here is shared
 * between threads except immutable handles.
 */
final class Libc {

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(PathElement.groupElement("errno"));

    private Libc() {
    }

    /**
     * A downcall handle to libc's {@code name} that captures errno. The returned handle takes the
     * capture segment (from {@link #captureSegment}) as an extra first argument.
     */
    @SuppressWarnings("restricted") // the only place fsmon links native code; see package-info
    static MethodHandle downcallErrno(String name, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] options = Arrays.copyOf(more, more.length + 1);
        options[more.length] = CAPTURE_ERRNO;
        return LINKER.downcallHandle(LIBC.findOrThrow(name), fd, options);
    }

    /** A downcall handle to libc's {@code name} for calls that cannot fail (getpid, geteuid). */
    @SuppressWarnings("restricted")
    static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), fd);
    }

    /** A fresh errno capture segment, living as long as {@code arena}. */
    static MemorySegment captureSegment(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** One native call given the errno capture segment; returns the C result, negative on failure. */
    @FunctionalInterface
    interface Call {
        long invoke(MemorySegment capture) throws Throwable;
    }

    /**
     * Makes {@code call} until it succeeds or fails with anything but EINTR (a signal arrived
     * first: the call did nothing and is made again). A failure to invoke the handle is a bug.
     *
     * @return the call's non-negative result, or {@code -errno}
     */
    static long retryingEintr(Arena arena, Call call) {
        MemorySegment capture = captureSegment(arena);
        while (true) {
            long r;
            try {
                r = call.invoke(capture);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (r >= 0) {
                return r;
            }
            int errno = errno(capture);
            if (errno != NativeException.EINTR) {
                return -errno;
            }
        }
    }

    /** The errno the linker captured into {@code capture} after the call. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** {@code path} followed by a NUL, or {@link MemorySegment#NULL} when {@code path} is null. */
    static MemorySegment cString(Arena arena, byte[] path) {
        if (path == null) {
            return MemorySegment.NULL;
        }
        for (byte b : path) {
            if (b == 0) {
                // C would silently cut the path at the NUL and act on another file.
                throw new IllegalArgumentException("path contains NUL: " + string(path));
            }
        }
        MemorySegment s = arena.allocate(path.length + 1L);
        MemorySegment.copy(path, 0, s, ValueLayout.JAVA_BYTE, 0, path.length);
        s.set(ValueLayout.JAVA_BYTE, path.length, (byte) 0);
        return s;
    }

    /** Path bytes as a String for messages (UTF-8, malformed bytes replaced); null stays null. */
    static String string(byte[] path) {
        return path == null ? null : new String(path, StandardCharsets.UTF_8);
    }

    /** A String path as the bytes the kernel sees (UTF-8); null stays null. */
    static byte[] bytes(String path) {
        return path == null ? null : path.getBytes(StandardCharsets.UTF_8);
    }
}
