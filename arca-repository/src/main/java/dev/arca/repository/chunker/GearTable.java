package dev.arca.repository.chunker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256 random 64-bit values of the gear hash, derived from the repository's chunker secret.
 *
 * <p>A fixed public table would let anyone who sees chunk sizes test whether a known file was backed
 * up; deriving the table from a secret makes the boundaries unpredictable without the key.
 */
final class GearTable {
    static final int SECRET_LENGTH = 32;
    private static final byte[] LABEL = "arca-chunker-gear-v1".getBytes(StandardCharsets.US_ASCII);

    private GearTable() {
    }

    /** Table entry {@code 4*i + j} is big-endian bytes {@code 8j..8j+7} of HMAC-SHA-256(secret, LABEL || i). */
    static long[] derive(byte[] secret) {
        if (secret == null || secret.length != SECRET_LENGTH) {
            throw new IllegalArgumentException("chunker secret: expected " + SECRET_LENGTH + " bytes, got "
                    + (secret == null ? "none" : secret.length));
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            long[] table = new long[256];
            for (int block = 0; block < 64; block++) {
                mac.update(LABEL);
                mac.update((byte) block);
                ByteBuffer words = ByteBuffer.wrap(mac.doFinal());
                for (int word = 0; word < 4; word++) {
                    table[block * 4 + word] = words.getLong();
                }
            }
            return table;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK, which every JDK must provide", e);
        }
    }
}
