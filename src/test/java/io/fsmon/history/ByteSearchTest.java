package io.fsmon.history;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSearchTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsEveryNeedleInPositionOrderWhateverTheAnchor() {
        String text = "xxGAP\"yy/etc/résolv.confzzOVERFLOW\"/etc/résolv.conf\nGAP\"";
        byte[] a = b(text);
        for (int[] counts : new int[][]{null, ByteSearch.histogram(a, 0, a.length)}) {
            ByteSearch.Needles n = new ByteSearch.Needles(new byte[][]{b("/etc/résolv.conf"), Prefilter.OVERFLOW, Prefilter.GAP}, counts);
            List<Integer> which = new ArrayList<>();
            for (int p = n.next(a, 0, a.length); p >= 0; p = n.next(a, p + 1, a.length)) {
                which.add(n.which());
            }
            assertThat(which).containsExactly(2, 0, 1, 0, 2);
        }
    }

    @Test
    void singleByteSearchAndContainsAtEveryAlignment() {
        for (int pad = 0; pad < 20; pad++) {
            byte[] a = b("a".repeat(pad) + "\n" + "b".repeat(20));
            assertThat(ByteSearch.indexOf(a, 0, a.length, (byte) '\n')).isEqualTo(pad);
            assertThat(ByteSearch.contains(a, 0, a.length, b("a\nb"))).isEqualTo(pad > 0);
            assertThat(ByteSearch.indexOf(a, pad + 1, a.length, (byte) '\n')).isEqualTo(-1);
        }
    }

    @Test
    void literalsOfGlobsAreTheLongestRunJsonWritesVerbatim() {
        assertThat(Prefilter.longestLiteral("/etc/**")).isEqualTo("/etc/");
        assertThat(Prefilter.longestLiteral("*.log")).isEqualTo(".log");
        assertThat(Prefilter.longestLiteral("/var/[ab]*/long-name-here/*")).isEqualTo("/long-name-here/");
        assertThat(Prefilter.longestLiteral("**")).isNull();
        assertThat(Prefilter.longestLiteral("a\"b")).isNull(); // JSON escapes the quote: no verbatim literal
    }
}
