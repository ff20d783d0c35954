package dev.arca.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Reproducible test bytes and their hashes. Naming an object by the hash of its content, as the repository
 * does, lets a test verify any object it finds without remembering what it wrote.
 */
public final class TestContent {

    private TestContent() {
    }

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    public static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                bytes[i + j] = (byte) (value >>> (8 * j));
            }
        }
        return bytes;
    }

    /** The SHA-256 of {@code data}, in lower-case hex: a valid object name. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
