package io.fsmon.cli;

import io.fsmon.event.FileNames;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Path arguments with their exact bytes. The JVM decodes argv with the locale's charset and turns
 * every byte that is not UTF-8 into U+FFFD, so a directory named {@code d\xff} typed on the shell
 * reaches {@code main} as a name no file has. The kernel still holds the bytes in
 * {@code /proc/self/cmdline}: an argument with U+FFFD is looked up there and given in
 * {@link FileNames}' text form ({@code \xNN}), which the monitor resolves to those bytes.
 */
final class RawArguments {
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private RawArguments() {
    }

    /** {@code paths} with every lossily decoded one replaced by the text form of its real bytes. */
    static List<Path> exact(List<Path> paths) {
        List<Path> out = new ArrayList<>(paths.size());
        List<byte[]> argv = null;
        for (Path p : paths) {
            String s = p.toString();
            if (s.indexOf('\uFFFD') < 0) {
                out.add(p);
                continue;
            }
            argv = argv != null ? argv : argv();
            out.add(Path.of(textForm(s, argv)));
        }
        return out;
    }

    /**
     * The text form of the one entry of {@code argv} that decodes to {@code decoded}, or
     * {@code decoded} unchanged when none or several different ones do (nothing better is known).
     */
    static String textForm(String decoded, List<byte[]> argv) {
        String found = null;
        for (byte[] a : argv) {
            if (new String(a, StandardCharsets.UTF_8).equals(decoded)) {
                String text = FileNames.fromBytes(a);
                if (found != null && !found.equals(text)) {
                    return decoded;
                }
                found = text;
            }
        }
        return found != null ? found : decoded;
    }

    /** This process's argv as the kernel holds it: NUL-separated bytes. */
    private static List<byte[]> argv() {
        List<byte[]> out = new ArrayList<>();
        byte[] all;
        // An InputStream: one large read, whatever size the /proc file claims (it says 0).
        try (InputStream in = Files.newInputStream(CMDLINE)) {
            all = in.readAllBytes();
        } catch (IOException e) {
            return out;
        }
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                out.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
