package dev.arca.repository.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chunk checks (docs/repository-format.md, B.3a): a 16-byte keyed check of a data blob, recorded beside
 * its id in a file's node, by which a later backup confirms that the bytes it reads where a parent chunk
 * lay are that chunk again, without computing the chunk's id.
 *
 * <p>The check is GMAC, AES-256-GCM's tag over the blob's plaintext as additional data, under a key
 * derived from the id key, with the id's first 12 bytes as the nonce: a keyed polynomial hash, which
 * libcrypto computes at about 10 GB/s per core where SHA-256, even with the CPU's SHA instructions, runs
 * at 2. A changed file of the benchmark's kind (a 315 MB SQL dump with a line inserted) is confirmed
 * chunk by chunk at that rate. Two different chunks share a check with probability below 2^-108 over
 * the key, and the key and the checks are never seen outside encrypted objects. The id as the nonce ties
 * a check to its blob: a check that drifted to another chunk's place in a list cannot confirm that
 * place's chunk.
 *
 * <p>Checks are computed where they are cheap ({@link #fast()}: libcrypto through the JDK's
 * foreign-function API). The JDK's own GCM computes the same value, but its additional data runs at
 * about 0.14 GB/s, which serves tests and small inputs only. Thread-safe.
 */
public final class ChunkCheck {
    /** The bytes of one check. */
    public static final int LENGTH = 16;
    private static final byte[] LABEL = "arca chunk check v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;

    private final byte[] key;

    /** The checks of a repository whose id key ({@link MasterKey#idKey()}) is {@code idKey}. */
    public ChunkCheck(byte[] idKey) {
        KeyBytes.check("id key", idKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(idKey, "HmacSHA256"));
            this.key = mac.doFinal(LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK, which every JDK must provide", e);
        }
    }

    /** Whether checks are computed at libcrypto's speed here; where not, backups record none. */
    public static boolean fast() {
        return OpenSslGmac.available();
    }

    /** The check of the blob {@code id} whose plaintext is {@code length} bytes of {@code data} from {@code offset}. */
    public byte[] of(BlobId id, byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        byte[] nonce = java.util.Arrays.copyOf(id.bytes(), NONCE_BYTES);
        byte[] tag = OpenSslGmac.tag(key, nonce, data, offset, length);
        return tag != null ? tag : jdk(key, nonce, data, offset, length);
    }

    /** Whether {@code check} (base64, as nodes hold it) is that of the blob {@code id} with this plaintext. */
    public boolean matches(String check, BlobId id, byte[] data, int offset, int length) {
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(check);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, of(id, data, offset, length));
    }

    /** A check as nodes hold it: base64 with padding. */
    public static String text(byte[] check) {
        return Base64.getEncoder().encodeToString(check);
    }

    /** The check computed by the JDK, for tests. */
    byte[] jdk(BlobId id, byte[] data, int offset, int length) {
        return jdk(key, java.util.Arrays.copyOf(id.bytes(), NONCE_BYTES), data, offset, length);
    }

    /** The definition, by the JDK's AES-GCM; a new Cipher each time, since the JDK refuses to encrypt twice under one nonce. */
    static byte[] jdk(byte[] key, byte[] nonce, byte[] data, int offset, int length) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(LENGTH * 8, nonce));
            gcm.updateAAD(data, offset, length);
            return gcm.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is missing from this JDK, which every JDK must provide", e);
        }
    }
}
