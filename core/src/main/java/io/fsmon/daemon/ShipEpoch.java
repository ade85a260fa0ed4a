package io.fsmon.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A history's epoch: a random id made once, when the shipper first starts on a history without
 * one, and part of every id it ships. A history deleted and started again (same day, same file
 * names, same offsets) gets a new epoch, so its lines are not taken for resends of the old ones.
 * It is kept in the history folder itself ({@code .ship-epoch}, beside the files it names): it
 * goes when the history goes, and stays when only the state folder (the checkpoint) is lost, so a
 * resend from the start then keeps its ids and is recognised.
 */
final class ShipEpoch {
    static final String FILE = ".ship-epoch";
    private static final int LENGTH = 16;

    private ShipEpoch() {
    }

    /** The epoch of the history in {@code historyDir}, made (and stored atomically) when it has none. */
    static String of(Path historyDir) throws IOException {
        Path p = historyDir.resolve(FILE);
        try {
            String s = Files.readString(p, StandardCharsets.UTF_8).strip();
            if (valid(s)) {
                return s;
            }
        } catch (NoSuchFileException e) {
            // a new (or wiped) history
        }
        byte[] random = new byte[LENGTH / 2];
        new SecureRandom().nextBytes(random);
        String epoch = HexFormat.of().formatHex(random);
        Files.createDirectories(historyDir);
        io.fsmon.log.DurableFile.replace(p, epoch + "\n");
        return epoch;
    }

    /** Sixteen lowercase hex digits. */
    static boolean valid(String s) {
        return s != null && s.length() == LENGTH && s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }
}
