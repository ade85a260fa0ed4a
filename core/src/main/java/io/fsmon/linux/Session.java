package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Sessions: a detached daemon leaves its starter's session and controlling terminal. */
public final class Session {
    private Session() {
    }

    /** {@code pid_t setsid(void);} */
    private static final class SetSid {
        static final MethodHandle MH = Libc.downcallErrno("setsid", FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * {@code pid_t setsid(void);} — makes the process the leader of a new session without a
     * controlling terminal, so the terminal's SIGHUP and Ctrl-C no longer reach it. Fails with
     * EPERM for a process group leader (a child started by {@code ProcessBuilder} is not one).
     */
    public static int setsid() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            int sid;
            try {
                sid = (int) SetSid.MH.invokeExact(capture);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (sid < 0) {
                throw new NativeException("setsid", null, Libc.errno(capture));
            }
            return sid;
        }
    }
}
