package io.fsmon.filter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File sizes as people write and read them. Every unit is 1024-based, whatever its spelling:
 * {@code 1KB} and {@code 1KiB} both mean 1024 bytes, because a user typing {@code --min-size 1MB}
 * means "about a megabyte" and fsmon should not make them learn the difference.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+) ?([a-z]*)");
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /**
     * Parses {@code 4096}, {@code 100KB}, {@code 1.5 GiB}, {@code 2m}: a non-negative number,
     * optionally one space, and a unit among B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB
     * (case-insensitive). Fractions are rounded to the nearest byte.
     *
     * @throws IllegalArgumentException for anything else, including negative sizes and overflow
     */
    public static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw invalid(text);
        }
        int shift = switch (m.group(2)) {
            case "", "b" -> 0;
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            case "g", "gb", "gib" -> 30;
            case "t", "tb", "tib" -> 40;
            default -> throw invalid(text);
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift))
                .setScale(0, RoundingMode.HALF_UP);
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid size '" + text + "' (examples: 4096, 100KB, 1.5GB)");
    }

    /**
     * A size for reading: {@code "512 B"}, {@code "1.5 KiB"}, {@code "3.0 GiB"} (one decimal,
     * 1024-based, IEC units so the number means exactly what it says). Negative sizes keep their sign.
     */
    public static String human(long bytes) {
        String sign = bytes < 0 ? "-" : "";
        double v = Math.abs((double) bytes);
        if (v < 1024) {
            return sign + (long) v + " B";
        }
        int unit = 0;
        // 1023.95 would print as "1024.0": move up a unit before that happens
        while (v >= 1023.95 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        long magnitude = Math.abs(bytes);
        if (unit <= 3 && magnitude >= 0 && magnitude < 1L << 53) {
            // v is magnitude / 1024^unit exactly (both exact doubles), so the tenths rounded half up
            // are integer arithmetic; String.format, which rounds v's decimal digits half up too, cost
            // more than the rest of a query's human line (SizesTest compares the two).
            int shift = 10 * unit;
            long tenths = (magnitude * 10 + (1L << (shift - 1))) >> shift;
            return sign + tenths / 10 + "." + tenths % 10 + " " + UNITS[unit];
        }
        return sign + String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** A size change with its sign: {@code "+12 B"}, {@code "-1.0 MiB"}, {@code "0 B"}. */
    public static String signed(long delta) {
        return delta > 0 ? "+" + human(delta) : human(delta);
    }
}
