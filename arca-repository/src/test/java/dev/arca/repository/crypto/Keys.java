package dev.arca.repository.crypto;

import dev.arca.repository.SampleData;

/** Deterministic key bytes for tests. */
final class Keys {
    private Keys() {
    }

    /** Bytes 0x00 to 0x1f, the key of the known-answer vectors in docs/repository-format.md. */
    static byte[] sequential() {
        return sequential(32);
    }

    /** Bytes 0, 1, 2 and so on. */
    static byte[] sequential(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static byte[] random(long seed) {
        return bytes(32, seed);
    }

    static byte[] bytes(int length, long seed) {
        return SampleData.random(length, seed);
    }
}
