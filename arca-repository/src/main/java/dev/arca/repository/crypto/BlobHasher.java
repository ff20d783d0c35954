package dev.arca.repository.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes blob ids as HMAC-SHA-256 of the plaintext under the repository's id key. Keyed, so that
 * someone who can list the repository cannot test it for a known file by hashing that file.
 *
 * <p>Thread-safe: each thread gets its own {@link Mac}, initialised once, because a Mac is stateful
 * and creating one per blob would cost more than hashing a small blob.
 */
public final class BlobHasher {
    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    /** A hasher keyed by the repository's 32-byte id key ({@link MasterKey#idKey()}). */
    public BlobHasher(byte[] idKey) {
        SecretKeySpec key = new SecretKeySpec(KeyBytes.check("id key", idKey), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    public BlobId hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public BlobId hash(byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(data, offset, length);
        byte[] digest = new byte[BlobId.LENGTH];
        try {
            mac.doFinal(digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA-256 output is 32 bytes, the buffer holds 32", e);
        }
        return BlobId.of(digest, 0);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JDK, which every JDK must provide", e);
        }
    }
}
