package io.fsmon.history;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The index (0-7) of the lowest byte flagged in a result of {@link #zeros}: its high bit isolated,
     * moved to the byte's low bit and multiplied so that the index lands in the top byte. The history
     * commands run C1 only, which compiles {@code Long.numberOfTrailingZeros} as a call: it was
     * three quarters of a scan's samples.
     */
    static int lowestFlagged(long flags) {
        return (int) ((((flags & -flags) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    private static long zeros(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** The eight bytes at {@code i}, little-endian (the caller knows they are there). */
    static long longAt(byte[] a, int i) {
        return (long) LONG.get(a, i);
    }

    /** The first {@code b} in {@code a[from, to)}, or -1. */
    static int indexOf(byte[] a, int from, int to, byte b) {
        long pat = broadcast(b);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = zeros((long) LONG.get(a, i) ^ pat);
            if (t != 0) {
                return i + lowestFlagged(t);
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

    /** Whether {@code a[from, to)} contains {@code p} not followed by a digit (a whole number when {@code p} ends in one). */
    static boolean containsNumber(byte[] a, int from, int to, byte[] p) {
        byte first = p[0];
        for (int i = indexOf(a, from, to, first); i >= 0 && i + p.length <= to; i = indexOf(a, i + 1, to, first)) {
            int after = i + p.length;
            if (startsWith(a, i, to, p) && (after == to || a[after] < '0' || a[after] > '9')) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code x} or {@code y} in {@code a[from, to)}, or -1. */
    static int indexOfEither(byte[] a, int from, int to, byte x, byte y) {
        long px = broadcast(x);
        long py = broadcast(y);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONG.get(a, i);
            long t = zeros(w ^ px) | zeros(w ^ py);
            if (t != 0) {
                return i + lowestFlagged(t);
            }
        }
        for (; i < to; i++) {
            if (a[i] == x || a[i] == y) {
                return i;
            }
        }
        return -1;
    }

    /** How often each byte value occurs in {@code a[from, to)}. */
    static int[] histogram(byte[] a, int from, int to) {
        int[] h = new int[256];
        for (int i = from; i < to; i++) {
            h[a[i] & 0xFF]++;
        }
        return h;
    }

    /**
     * The indices of the two bytes of {@code p} least likely in history text, lower index first
     * (the same index twice for a one-byte needle): by their counts in a sample, or by a fixed
     * guess when {@code counts} is null.
     */
    static int[] rarestTwo(byte[] p, int[] counts) {
        int best = -1;
        int second = -1;
        for (int k = 0; k < p.length; k++) {
            long r = rarity(p[k], counts);
            if (best < 0 || r < rarity(p[best], counts)) {
                second = best;
                best = k;
            } else if (second < 0 || r < rarity(p[second], counts)) {
                second = k;
            }
        }
        if (second < 0) {
            second = best;
        }
        return new int[] {Math.min(best, second), Math.max(best, second)};
    }

    /** Lower is rarer. */
    private static long rarity(byte b, int[] counts) {
        if (counts != null) {
            return counts[b & 0xFF];
        }
        int r = COMMON.indexOf((char) (b & 0xFF));
        return r < 0 ? Integer.MIN_VALUE : -r; // absent from the list: rarest of all
    }

    /**
     * Finds several needles in one pass, in the order of their positions. Each needle is anchored
     * on two of its bytes, the rarest ones: a word of text is compared with the first, the word as
     * far on as the second lies from the first with the second, and only where both agree is the
     * needle compared (one anchor alone, a common byte such as the {@code f} of
     * {@code /etc/resolv.conf}, stopped the scan every hundred bytes or so). A match is reported by
     * the position of its first anchor, which lies inside the match (so inside the same line:
     * needles hold no newline).
     */
    static final class Needles {
        /** A stop byte that is none: no byte compares equal to it. */
        private static final int NONE = 256;
        private final byte[][] needles;
        /** The needles of more than one byte, and their indices in {@code needles}. */
        private final int[] literals;
        private final int[] anchors;
        private final int[] gaps;
        private final long[] first;
        private final long[] second;
        private final int maxGap;
        /** Needles of one byte (line ends, backslashes): found by one compare each, no verification. */
        private final int stop0;
        private final int stop1;
        private final int stopIndex0;
        private final int stopIndex1;
        private int which;

        /**
         * @param needles up to three of more than one byte and up to two of one byte
         * @param counts  byte counts of a sample of the text to search (see {@link #histogram}): each
         *                needle is anchored on its two rarest bytes there; null: a fixed guess
         */
        Needles(byte[][] needles, int[] counts) {
            this.needles = needles;
            List<Integer> lits = new ArrayList<>();
            List<Integer> stops = new ArrayList<>();
            for (int k = 0; k < needles.length; k++) {
                (needles[k].length == 1 ? stops : lits).add(k);
            }
            if (lits.size() > 3 || stops.size() > 2 || needles.length == 0) {
                throw new IllegalArgumentException("1 to 3 needles and up to 2 single bytes");
            }
            int n = lits.size();
            this.literals = lits.stream().mapToInt(Integer::intValue).toArray();
            this.anchors = new int[n];
            this.gaps = new int[n];
            this.first = new long[n];
            this.second = new long[n];
            int max = 0;
            for (int k = 0; k < n; k++) {
                byte[] nd = needles[literals[k]];
                int[] two = rarestTwo(nd, counts);
                anchors[k] = two[0];
                gaps[k] = two[1] - two[0];
                first[k] = broadcast(nd[two[0]]);
                second[k] = broadcast(nd[two[1]]);
                max = Math.max(max, gaps[k]);
            }
            this.maxGap = max;
            this.stopIndex0 = stops.isEmpty() ? -1 : stops.get(0);
            this.stopIndex1 = stops.size() < 2 ? -1 : stops.get(1);
            this.stop0 = stopIndex0 < 0 ? NONE : needles[stopIndex0][0] & 0xFF;
            this.stop1 = stopIndex1 < 0 ? NONE : needles[stopIndex1][0] & 0xFF;
        }

        /** Which needle the last {@link #next} found: its index in the array given. */
        int which() {
            return which;
        }

        /** The first-anchor position of the first match whose first anchor lies in {@code a[from, to)}, or -1. */
        int next(byte[] a, int from, int to) {
            if (literals.length == 1 && stopIndex1 >= 0) {
                return nextOfOne(a, from, to);
            }
            int i = from;
            // up to three literals and two stop bytes, unrolled: the hot loop of a scan (unused
            // literals repeat the first; with none, their anchors are a stop byte's, verified away)
            int last = literals.length - 1;
            long t0 = broadcast((byte) (stop0 == NONE ? stop1 : stop0)), t1 = broadcast((byte) (stop1 == NONE ? stop0 : stop1));
            long f0 = last < 0 ? t0 : first[0], f1 = last < 0 ? t0 : first[Math.min(1, last)], f2 = last < 0 ? t0 : first[last];
            long s0 = last < 0 ? t0 : second[0], s1 = last < 0 ? t0 : second[Math.min(1, last)], s2 = last < 0 ? t0 : second[last];
            int g0 = last < 0 ? 0 : gaps[0], g1 = last < 0 ? 0 : gaps[Math.min(1, last)], g2 = last < 0 ? 0 : gaps[last];
            for (; i + maxGap + 8 <= to; i += 8) {
                long w = (long) LONG.get(a, i);
                // Most words hold no first anchor (rare bytes) and no stop: one load, five compares.
                long stops = zeros(w ^ t0) | zeros(w ^ t1);
                long firsts = zeros(w ^ f0) | zeros(w ^ f1) | zeros(w ^ f2);
                if ((stops | firsts) == 0) {
                    continue;
                }
                long any = stops;
                if (firsts != 0) {
                    any |= zeros(w ^ f0) & zeros((long) LONG.get(a, i + g0) ^ s0)
                            | zeros(w ^ f1) & zeros((long) LONG.get(a, i + g1) ^ s1)
                            | zeros(w ^ f2) & zeros((long) LONG.get(a, i + g2) ^ s2);
                }
                while (any != 0) {
                    int p = i + lowestFlagged(any);
                    if (found(a, p, to)) {
                        return p;
                    }
                    any &= any - 1;
                }
            }
            for (; i < to; i++) {
                if (found(a, i, to)) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * {@link #next} for one literal and two stop bytes, the scan of a single-field query: three
         * compares a word instead of five (C1, which runs the history commands, does not merge the
         * general loop's repeated ones).
         */
        private int nextOfOne(byte[] a, int from, int to) {
            int i = from;
            long t0 = broadcast((byte) stop0), t1 = broadcast((byte) stop1), f = first[0], s = second[0];
            int g = gaps[0];
            for (; i + g + 8 <= to; i += 8) {
                long w = (long) LONG.get(a, i);
                long stops = zeros(w ^ t0) | zeros(w ^ t1);
                long firsts = zeros(w ^ f);
                if ((stops | firsts) == 0) {
                    continue;
                }
                long any = stops;
                if (firsts != 0) {
                    any |= firsts & zeros((long) LONG.get(a, i + g) ^ s);
                }
                while (any != 0) {
                    int p = i + lowestFlagged(any);
                    if (found(a, p, to)) {
                        return p;
                    }
                    any &= any - 1;
                }
            }
            for (; i < to; i++) {
                if (found(a, i, to)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean found(byte[] a, int p, int to) {
            int b = a[p] & 0xFF;
            if (b == stop0) {
                which = stopIndex0;
                return true;
            }
            if (b == stop1) {
                which = stopIndex1;
                return true;
            }
            for (int k = 0; k < literals.length; k++) {
                byte[] nd = needles[literals[k]];
                if (a[p] == nd[anchors[k]] && startsWith(a, p - anchors[k], to, nd)) {
                    which = literals[k];
                    return true;
                }
            }
            return false;
        }
    }
}
