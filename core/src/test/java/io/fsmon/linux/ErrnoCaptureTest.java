package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** errno is captured per call: threads failing differently at once each see their own errno. */
class ErrnoCaptureTest {

    @Test
    void concurrentFailuresKeepTheirOwnErrno() throws Exception {
        Callable<Integer> enoent = () -> count(() -> Unistd.open("/nonexistent/fsmon", Unistd.O_RDONLY),
                NativeException.ENOENT);
        Callable<Integer> ebadf = () -> count(() -> Unistd.fstatfsType(-1), NativeException.EBADF);
        Callable<Integer> einval = () -> count(() -> Unistd.readlink("/proc/self/status"),
                NativeException.EINVAL);
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(enoent));
                results.add(pool.submit(ebadf));
                results.add(pool.submit(einval));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(2_000);
            }
        }
    }

    interface Failing {
        Object call() throws NativeException;
    }

    private static int count(Failing call, int expectedErrno) {
        int matched = 0;
        for (int i = 0; i < 2_000; i++) {
            try {
                call.call();
            } catch (NativeException e) {
                if (e.errno() == expectedErrno) {
                    matched++;
                }
            }
        }
        return matched;
    }
}
