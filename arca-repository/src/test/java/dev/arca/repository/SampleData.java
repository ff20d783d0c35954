package dev.arca.repository;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Deterministic test and benchmark data: random bytes, and text that compresses like real logs. */
public final class SampleData {
    private static final String[] WORDS =
            {"backup", "restore", "snapshot", "pack", "index", "blob", "chunk", "error", "ok", "retry"};

    private SampleData() {
    }

    public static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Log-like lines: repetitive but not trivially so, as backup text tends to be. */
    public static byte[] text(int length) {
        StringBuilder text = new StringBuilder(length + 100);
        SplittableRandom random = new SplittableRandom(42);
        for (int line = 0; text.length() < length; line++) {
            text.append("2025-01-").append(10 + line % 20).append(" host").append(random.nextInt(8)).append(' ');
            for (int word = 0; word < 8; word++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            text.append(random.nextInt(100_000)).append('\n');
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), length);
    }
}
