package io.fsmon.history;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches over raw history text, eight bytes at a time (SWAR: "SIMD within a register"),
 * without decoding to {@code String}: decoding every chunk only to search it cost more than the
 * search itself.
 *
 * <p>A word {@code w} holds byte {@code b} where {@code zeros(w ^ broadcast(b))} has a high bit set;
 * the lowest flagged byte is always a real match, higher ones may be false positives (a borrow),
 * which is why candidates are verified.
 */
final class ByteSearch {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** Bytes of history text from most to least frequent (roughly): the rarest byte anchors a needle. */
    private static final String COMMON = "\"/:,e_tsaoinrlcdu0123456789mhpTEg.-bfyvkwxjqz{}SCRLOA";

    private ByteSearch() {
    }

    private static long broadcast(byte b) {
        return (b & 0xFFL) * ONES;
    }

    private static long zeros(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** The first {@code b} in {@code a[from, to)}, or -1. */
    static int indexOf(byte[] a, int from, int to, byte b) {
        long pat = broadcast(b);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = zeros((long) LONG.get(a, i) ^ pat);
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The last {@code b} in {@code a[from, to)}, or -1 (lines are short: a plain loop). */
    static int lastIndexOf(byte[] a, int from, int to, byte b) {
        for (int i = to - 1; i >= from; i--) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(byte[] a, int at, int to, byte[] p) {
        if (at < 0 || at + p.length > to) {
            return false;
        }
        for (int k = 0; k < p.length; k++) {
            if (a[at + k] != p[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a[from, to)} contains {@code p}. */
    static boolean contains(byte[] a, int from, int to, byte[] p) {
        byte first = p[0];
        for (int i = indexOf(a, from, to, first); i >= 0 && i + p.length <= to; i = indexOf(a, i + 1, to, first)) {
            if (startsWith(a, i, to, p)) {
                return true;
            }
        }
        return false;
    }

    /** How often each byte value occurs in {@code a[from, to)}. */
    static int[] histogram(byte[] a, int from, int to) {
        int[] h = new int[256];
        for (int i = from; i < to; i++) {
            h[a[i] & 0xFF]++;
        }
        return h;
    }

    /** The index of the byte of {@code p} that occurs least in the sample {@code counts}. */
    static int rarest(byte[] p, int[] counts) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (counts[p[k] & 0xFF] < counts[p[best] & 0xFF]) {
                best = k;
            }
        }
        return best;
    }

    /** The index of the byte of {@code p} least likely in history text, by a fixed guess. */
    static int rarest(byte[] p) {
        int best = 0;
        int bestRank = -2;
        for (int k = 0; k < p.length; k++) {
            int r = COMMON.indexOf((char) (p[k] & 0xFF));
            int rank = r < 0 ? Integer.MAX_VALUE : r;
            if (rank >= bestRank) {
                best = k;
                bestRank = rank;
            }
        }
        return best;
    }

    /**
     * Finds several needles in one pass, in the order of their positions. Each needle is anchored
     * on one of its bytes; a match is reported by the position of that anchor byte, which lies
     * inside the match (so inside the same line: needles hold no newline).
     */
    static final class Needles {
        private final byte[][] needles;
        private final int[] anchors;
        private final long[] patterns;
        private int which;

        /**
         * @param counts byte counts of a sample of the text to search (see {@link #histogram}): each
         *               needle is anchored on its rarest byte there; null: a fixed guess
         */
        Needles(byte[][] needles, int[] counts) {
            if (needles.length < 1 || needles.length > 3) {
                throw new IllegalArgumentException("1 to 3 needles");
            }
            this.needles = needles;
            this.anchors = new int[needles.length];
            this.patterns = new long[needles.length];
            for (int n = 0; n < needles.length; n++) {
                this.anchors[n] = counts != null ? rarest(needles[n], counts) : rarest(needles[n]);
                this.patterns[n] = broadcast(needles[n][this.anchors[n]]);
            }
        }

        /** Which needle the last {@link #next} found. */
        int which() {
            return which;
        }

        /** The anchor position of the first match whose anchor lies in {@code a[from, to)}, or -1. */
        int next(byte[] a, int from, int to) {
            int i = from;
            // up to three anchors, unrolled: the hot loop of a path scan (unused ones repeat the first)
            long p0 = patterns[0];
            long p1 = patterns.length > 1 ? patterns[1] : p0;
            long p2 = patterns.length > 2 ? patterns[2] : p0;
            for (; i + 8 <= to; i += 8) {
                long w = (long) LONG.get(a, i);
                long any = zeros(w ^ p0) | zeros(w ^ p1) | zeros(w ^ p2);
                while (any != 0) {
                    int p = i + (Long.numberOfTrailingZeros(any) >>> 3);
                    if (verify(a, p, to)) {
                        return p;
                    }
                    any &= any - 1;
                }
            }
            for (; i < to; i++) {
                if (verify(a, i, to)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean verify(byte[] a, int p, int to) {
            for (int n = 0; n < needles.length; n++) {
                byte[] nd = needles[n];
                if (a[p] == nd[anchors[n]] && startsWith(a, p - anchors[n], to, nd)) {
                    which = n;
                    return true;
                }
            }
            return false;
        }
    }
}
