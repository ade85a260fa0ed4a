package io.fsmon.event;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lossless text form of Linux file names, which are bytes, not text.
 *
 * <p>Valid UTF-8 is kept as it is, except that a backslash is written {@code \\}; every byte that
 * is not part of valid UTF-8 is written {@code \xNN} (two lower-case hex digits). The form is
 * deterministic, and {@link #toBytes} gives back the exact bytes. {@link #toBytes} reads any other
 * text too: a backslash that starts neither {@code \\} nor {@code \xNN} stands for itself.
 */
public final class FileNames {
    private FileNames() {
    }

    /**
     * The text form of {@code len} bytes of a name or path starting at {@code off}.
     *
     * @param b   the bytes
     * @param off where the name starts
     * @param len its length
     * @return its text form
     */
    public static String fromBytes(byte[] b, int off, int len) {
        boolean plain = true;
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0 || b[i] == '\\') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        return decodeSlow(b, off, len);
    }

    /**
     * The text form of a whole byte array.
     *
     * @param b the bytes of a name or path
     * @return its text form
     */
    public static String fromBytes(byte[] b) {
        return fromBytes(b, 0, b.length);
    }

    private static String decodeSlow(byte[] b, int off, int len) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(len * 4 + 4);
        StringBuilder sb = new StringBuilder(len + 8);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            out.flip();
            appendEscapingBackslash(sb, out);
            out.clear();
            if (r.isUnderflow()) {
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    sb.append(String.format("\\x%02x", in.get() & 0xff));
                }
            }
        }
        return sb.toString();
    }

    private static void appendEscapingBackslash(StringBuilder sb, CharBuffer cb) {
        while (cb.hasRemaining()) {
            char c = cb.get();
            if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
    }

    /**
     * {@link #toBytes(String)} into {@code dst}.
     *
     * @param text a name in text form
     * @param dst  where its bytes go, from index 0
     * @return the number of bytes written, or -1 when they do not fit
     */
    public static int toBytes(String text, byte[] dst) {
        int n = text.length();
        if (n <= dst.length) {
            int i = 0;
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c >= 0x80 || c == '\\') {
                    break;
                }
                dst[i] = (byte) c;
            }
            if (i == n) {
                return n; // ASCII without escapes, most names: no array made
            }
        }
        byte[] b = toBytes(text);
        if (b.length > dst.length) {
            return -1;
        }
        System.arraycopy(b, 0, dst, 0, b.length);
        return b.length;
    }

    /**
     * The exact bytes of a name in text form.
     *
     * @param text a name or path in text form
     * @return its bytes
     */
    public static byte[] toBytes(String text) {
        if (text.indexOf('\\') < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int j = text.indexOf('\\', i);
            if (j < 0) {
                out.writeBytes(text.substring(i).getBytes(StandardCharsets.UTF_8));
                break;
            }
            out.writeBytes(text.substring(i, j).getBytes(StandardCharsets.UTF_8));
            if (j + 1 < text.length() && text.charAt(j + 1) == '\\') {
                out.write('\\');
                i = j + 2;
            } else if (j + 3 < text.length() && text.charAt(j + 1) == 'x'
                    && hex(text.charAt(j + 2)) >= 0 && hex(text.charAt(j + 3)) >= 0) {
                // Two hex digits only: a path a user typed ("\\xzz", "\\x+1") is itself, never an error.
                out.write(hex(text.charAt(j + 2)) << 4 | hex(text.charAt(j + 3)));
                i = j + 4;
            } else {
                out.write('\\');
                i = j + 1;
            }
        }
        return out.toByteArray();
    }

    /** The value of an ASCII hex digit, or -1 (not Character.digit: it takes other scripts' digits too). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /**
     * Whether the bytes are valid UTF-8 (used by tests and by callers choosing a fast path).
     *
     * @param b the bytes
     * @return true when they decode as UTF-8
     */
    public static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
