package io.fsmon.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Scheduling priority of the calling thread ({@code setpriority(2)}; on Linux nice values are per thread). */
public final class Sched {
    /** {@code PRIO_PROCESS}: with a thread id, that one thread. */
    public static final int PRIO_PROCESS = 0;
    /** {@code SYS_gettid} on x86_64 and aarch64 differ; glibc's {@code gettid()} wrapper hides it. */
    private Sched() {
    }

    /** {@code pid_t gettid(void);} and {@code int setpriority(int which, id_t who, int prio);} */
    static final class Handles {
        static final MethodHandle GETTID = Libc.downcall("gettid", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle SETPRIORITY = Libc.downcallErrno("setpriority",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** The calling thread's kernel thread id. */
    public static int gettid() {
        try {
            return (int) Handles.GETTID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Sets the calling thread's nice value (-20 highest … 19 lowest). Lowering it needs
     * CAP_SYS_NICE (root has it): EACCES/EPERM otherwise.
     */
    public static void setCurrentThreadNice(int nice) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureSegment(arena);
            int r;
            try {
                r = (int) Handles.SETPRIORITY.invokeExact(capture, PRIO_PROCESS, gettid(), nice);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (r != 0) {
                throw new NativeException("setpriority", null, Libc.errno(capture));
            }
        }
    }
}
