package io.fsmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link RecordDecoder} with what {@code read(2)} on a fanotify fd could return: records,
 * or IllegalStateException for bytes the kernel could not have produced; never another exception,
 * a hang or an allocation beyond the buffer. Seeds: real batches captured from the kernel
 * ({@code io.fsmon.linux.SeedCapture}).
 */
class RecordDecoderFuzzTest {

    @FuzzTest
    @Timeout(10) // seconds per input: libFuzzer's -timeout when fuzzing, JUnit's when replaying
    void decode(byte[] buf) {
        List<RawRecord> fresh = new ArrayList<>();
        int n;
        try {
            n = RecordDecoder.decode(buf, buf.length, fresh::add);
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(n).isEqualTo(fresh.size());
        // the directory handles kept from an earlier batch change nothing decoded
        RecordDecoder.DirectoryHandles dirs = new RecordDecoder.DirectoryHandles();
        RecordDecoder.decode(buf, buf.length, dirs, r -> { });
        List<RawRecord> again = new ArrayList<>();
        RecordDecoder.decode(buf, buf.length, dirs, again::add);
        assertThat(again).isEqualTo(fresh);
    }
}
