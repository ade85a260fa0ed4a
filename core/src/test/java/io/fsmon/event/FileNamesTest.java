package io.fsmon.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {
    private static final List<byte[]> NAMES = List.of(
            "plain.txt".getBytes(StandardCharsets.US_ASCII),
            "back\\slash".getBytes(StandardCharsets.US_ASCII),
            "caf\u00e9 \u2603 \ud83d\ude00".getBytes(StandardCharsets.UTF_8),
            new byte[]{'b', 'a', 'd', (byte) 0xff, (byte) 0xc3, '\\', 'x', '4', '1'},
            new byte[]{});

    @Test
    void theTextFormGivesBackTheExactBytes() {
        for (byte[] name : NAMES) {
            String text = FileNames.fromBytes(name);
            assertThat(FileNames.toBytes(text)).as(text).isEqualTo(name);
        }
        assertThat(FileNames.fromBytes(NAMES.get(3))).isEqualTo("bad\\xff\\xc3\\\\x41");
    }

    @Test
    void aBackslashNotFollowedByAnEscapeIsItself() {
        // What a user may type: not fsmon's form, but never an exception (issue 16, case 9).
        for (String text : List.of("a\\xzz", "a\\x4", "a\\xg1", "a\\x", "a\\", "\\x+1", "\\x\uff11\uff12")) {
            assertThat(FileNames.toBytes(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(FileNames.toBytes("a\\xFF\\x2d")).isEqualTo(new byte[]{'a', (byte) 0xff, '-'});
    }

    @Test
    void intoABufferTheSameBytes() {
        byte[] buf = new byte[64];
        for (byte[] name : NAMES) {
            Arrays.fill(buf, (byte) '?');
            int n = FileNames.toBytes(FileNames.fromBytes(name), buf);
            assertThat(Arrays.copyOf(buf, n)).isEqualTo(name);
        }
    }

    @Test
    void intoABufferTooShortIsMinusOne() {
        assertThat(FileNames.toBytes("abcd", new byte[3])).isEqualTo(-1);
        assertThat(FileNames.toBytes("abc", new byte[3])).isEqualTo(3);
        // four characters, seven bytes
        assertThat(FileNames.toBytes("\u00e9\u00e9\u00e9a", new byte[6])).isEqualTo(-1);
        assertThat(FileNames.toBytes("\u00e9\u00e9\u00e9a", new byte[7])).isEqualTo(7);
    }
}
