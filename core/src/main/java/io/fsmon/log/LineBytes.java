package io.fsmon.log;

import java.util.Arrays;

/**
 * A growable line of bytes, reset and refilled per line by the formatters that write straight
 * from a history line's bytes ({@link CanonicalFields}); one per formatter, so per thread.
 */
final class LineBytes {
    private byte[] buf = new byte[512];
    private int len;

    void reset() {
        len = 0;
    }

    int length() {
        return len;
    }

    byte at(int i) {
        return buf[i];
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    LineBytes add(int b) {
        room(1);
        buf[len++] = (byte) b;
        return this;
    }

    LineBytes add(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    LineBytes add(LineBytes b) {
        return add(b.buf, 0, b.len);
    }

    /** Appends an ASCII string. */
    LineBytes ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
