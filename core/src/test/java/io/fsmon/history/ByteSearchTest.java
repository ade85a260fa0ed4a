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
    void lowestFlaggedByteIsTheIndexNumberOfTrailingZerosGives() {
        for (int k = 0; k < 8; k++) {
            for (long higher = 0; higher < 256; higher++) { // any set of flags above it
                long flags = 1L << (8 * k + 7);
                for (int j = k + 1; j < 8; j++) {
                    if ((higher >>> j & 1) != 0) {
                        flags |= 1L << (8 * j + 7);
                    }
                }
                assertThat(ByteSearch.lowestFlagged(flags)).isEqualTo(Long.numberOfTrailingZeros(flags) >>> 3).isEqualTo(k);
            }
        }
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
    void singleBytesStopTheSearchBesideTheLiterals() {
        byte[] a = b("{\"path\":\"/etc/x\"}\n{\"p\":\"a\\\\b /etc/x\"}\n\n/etc/");
        ByteSearch.Needles n = new ByteSearch.Needles(new byte[][]{b("/etc/x"), b("\n"), b("\\")}, ByteSearch.histogram(a, 0, a.length));
        List<Integer> which = new ArrayList<>();
        for (int p = n.next(a, 0, a.length); p >= 0; p = n.next(a, p + 1, a.length)) {
            which.add(n.which());
        }
        assertThat(which).containsExactly(0, 1, 2, 2, 0, 1, 1);
    }

    /** Random texts over a small alphabet, so anchors agree often without the needle: every occurrence, no other. */
    @Test
    void twoAnchorSearchFindsExactlyTheOccurrences() {
        java.util.Random r = new java.util.Random(7);
        String alphabet = "abcf/.\n";
        for (int round = 0; round < 3000; round++) {
            StringBuilder t = new StringBuilder();
            int len = r.nextInt(120);
            for (int i = 0; i < len; i++) {
                t.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            StringBuilder nd = new StringBuilder();
            for (int i = 1 + r.nextInt(12); i > 0; i--) {
                nd.append("abcf/.".charAt(r.nextInt(6)));
            }
            byte[] a = b(t.toString());
            byte[] needle = b(nd.toString());
            int[] counts = r.nextBoolean() ? null : ByteSearch.histogram(a, 0, a.length);
            ByteSearch.Needles n = new ByteSearch.Needles(new byte[][]{needle}, counts);
            int anchor = ByteSearch.rarestTwo(needle, counts)[0];
            List<Integer> found = new ArrayList<>();
            for (int p = n.next(a, 0, a.length); p >= 0; p = n.next(a, p + 1, a.length)) {
                found.add(p - anchor);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i + needle.length <= a.length; i++) {
                if (ByteSearch.startsWith(a, i, a.length, needle)) {
                    expected.add(i);
                }
            }
            assertThat(found).as("%s in %s", nd, t).isEqualTo(expected);
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
