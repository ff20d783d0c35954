package dev.arca.repository.crypto;

/** The one key length used throughout: 256 bits, for AES-256, HMAC-SHA-256 and the chunker secret. */
final class KeyBytes {
    static final int LENGTH = 32;

    private KeyBytes() {
    }

    /** Returns {@code key} if it is exactly 32 bytes, so constructors can check in their first line. */
    static byte[] check(String what, byte[] key) {
        if (key == null || key.length != LENGTH) {
            throw new IllegalArgumentException(what + ": expected " + LENGTH + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
        return key;
    }
}
