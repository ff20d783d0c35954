package dev.arca.repository.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The repository's secret keys, each 32 bytes and independent: one compromised use reveals nothing
 * about the others, and a copy target can share some but not all (see {@link #withNewEncryptionKey}).
 *
 * @param encryptionKey the AES-256-GCM key of every object ({@link ObjectCipher})
 * @param idKey the HMAC-SHA-256 key of blob ids ({@link BlobHasher})
 * @param chunkerSecret the seed of the chunker's gear table
 */
public record MasterKey(byte[] encryptionKey, byte[] idKey, byte[] chunkerSecret) {
    /** Length of {@link #encoded()}: the three keys in component order. */
    static final int ENCODED_LENGTH = 3 * KeyBytes.LENGTH;

    public MasterKey {
        encryptionKey = KeyBytes.check("encryption key", encryptionKey).clone();
        idKey = KeyBytes.check("id key", idKey).clone();
        chunkerSecret = KeyBytes.check("chunker secret", chunkerSecret).clone();
    }

    /** Three fresh keys for a new repository. */
    public static MasterKey generate(SecureRandom random) {
        return new MasterKey(randomKey(random), randomKey(random), randomKey(random));
    }

    /**
     * The keys of a copy target ({@code arca init --like}): the same chunker secret and id key, so
     * that the same file cuts into the same chunks with the same ids and {@code arca copy} sends only
     * the blobs the target lacks, but a new encryption key, so that neither repository's password
     * opens the other's data.
     */
    public MasterKey withNewEncryptionKey(SecureRandom random) {
        return new MasterKey(randomKey(random), idKey, chunkerSecret);
    }

    /** Whether both keys give blobs the same ids; compared in constant time, like every key comparison. */
    public boolean sharesIdKeyWith(MasterKey other) {
        return MessageDigest.isEqual(idKey, other.idKey);
    }

    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    @Override
    public byte[] idKey() {
        return idKey.clone();
    }

    @Override
    public byte[] chunkerSecret() {
        return chunkerSecret.clone();
    }

    byte[] encoded() {
        byte[] encoded = new byte[ENCODED_LENGTH];
        System.arraycopy(encryptionKey, 0, encoded, 0, KeyBytes.LENGTH);
        System.arraycopy(idKey, 0, encoded, KeyBytes.LENGTH, KeyBytes.LENGTH);
        System.arraycopy(chunkerSecret, 0, encoded, 2 * KeyBytes.LENGTH, KeyBytes.LENGTH);
        return encoded;
    }

    static MasterKey decode(byte[] encoded) {
        if (encoded.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException(
                    "master key: expected " + ENCODED_LENGTH + " bytes, got " + encoded.length);
        }
        return new MasterKey(Arrays.copyOfRange(encoded, 0, KeyBytes.LENGTH),
                Arrays.copyOfRange(encoded, KeyBytes.LENGTH, 2 * KeyBytes.LENGTH),
                Arrays.copyOfRange(encoded, 2 * KeyBytes.LENGTH, ENCODED_LENGTH));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other && MessageDigest.isEqual(encoded(), other.encoded());
    }

    /** Constant: a hash of the key bytes would put bits of the keys wherever hash codes get printed. */
    @Override
    public int hashCode() {
        return MasterKey.class.hashCode();
    }

    /** Never prints key bytes, so a key cannot leak into a log through string concatenation. */
    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }

    private static byte[] randomKey(SecureRandom random) {
        byte[] key = new byte[KeyBytes.LENGTH];
        random.nextBytes(key);
        return key;
    }
}
