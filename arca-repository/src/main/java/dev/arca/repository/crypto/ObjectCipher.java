package dev.arca.repository.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens repository objects with AES-256-GCM under one key, as
 * {@code nonce(12) || ciphertext || tag(16)} with a fresh random nonce per object. Random 96-bit
 * nonces stay within NIST's collision bound up to 2^32 objects per key, far beyond a repository's
 * blob count at 1 MiB per blob.
 *
 * <p>Thread-safe: each thread reuses its own {@link Cipher}, re-initialised per object.
 *
 * <p>Speed: the JDK's AES-GCM reaches about 4 GB/s only once the JIT has compiled its callers with
 * the AES-GCM intrinsic, which happens after some thousands of calls, not after some megabytes: with
 * one call per 1 MiB object it runs interpreted at about 70 MB/s for the first tens to hundreds of
 * megabytes. Jobs that are about to seal or open hundreds of megabytes call {@link #warmUp()}, a
 * background warm-up after which both directions are fast within about 0.1 s; short commands skip
 * its 0.3 s of CPU, and so does a JVM whose ahead-of-time cache already holds the profiles
 * ({@code GcmWarmUp}). Sealing feeds the plaintext to {@code update} in
 * {@value #SLICE}-byte slices. Opening passes the whole ciphertext to one {@code doFinal}: GCM
 * decryption buffers every {@code update} until the tag is checked, and that copy made sliced
 * opening four times slower (1.2 against 4.5 GB/s).
 */
public final class ObjectCipher {
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /** Bytes a sealed object has beyond its plaintext. */
    public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;
    static final int SLICE = 64 * 1024;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final SecureRandom random;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(ObjectCipher::newCipher);

    /** A cipher under a 32-byte AES-256 key ({@link MasterKey#encryptionKey()}). */
    public ObjectCipher(byte[] key) {
        this(key, new SecureRandom());
    }

    ObjectCipher(byte[] key, SecureRandom random) {
        this.key = new SecretKeySpec(KeyBytes.check("encryption key", key), "AES");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Starts, once per process, the background compilation of the AES-GCM paths (see the class comment). */
    public static void warmUp() {
        GcmWarmUp.start();
    }

    public byte[] seal(byte[] plaintext) {
        return seal(plaintext, 0, plaintext.length);
    }

    /** Encrypts {@code plaintext[offset .. offset + length)} under a fresh random nonce. */
    public byte[] seal(byte[] plaintext, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        byte[] sealed = new byte[OVERHEAD + length];
        System.arraycopy(plaintext, offset, sealed, NONCE_LENGTH, length);
        sealInPlace(sealed, length);
        return sealed;
    }

    /**
     * Seals the {@code length} plaintext bytes found at {@code buffer[NONCE_LENGTH ..]} where they are: the
     * nonce goes before them, the tag after, and the ciphertext replaces the plaintext. Returns the sealed
     * length, {@code length + OVERHEAD}. The backup's path, which needs no second buffer per blob.
     */
    public int sealInPlace(byte[] buffer, int length) {
        return sealInPlace(buffer, length, null);
    }

    /**
     * Like {@link #sealInPlace(byte[], int)}, binding {@code associated} (not stored) to the object: it
     * opens only with the same associated data. Blobs are sealed with their id, so that a blob which
     * opens is the one written under that id.
     */
    public int sealInPlace(byte[] buffer, int length, byte[] associated) {
        Objects.checkFromIndexSize(0, OVERHEAD + length, buffer.length);
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, buffer, 0, NONCE_LENGTH);
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (associated != null) {
                cipher.updateAAD(associated);
            }
            // Counter mode writes each ciphertext byte over the plaintext byte it came from, so input and
            // output may be the same bytes; the JDK's GCM supports exactly this overlap.
            int out = NONCE_LENGTH;
            for (int done = 0; done < length; done += SLICE) {
                out += cipher.update(buffer, NONCE_LENGTH + done, Math.min(SLICE, length - done), buffer, out);
            }
            cipher.doFinal(buffer, out);
            return OVERHEAD + length;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed on a correctly sized buffer", e);
        }
    }

    public byte[] open(byte[] sealed) throws AuthenticationException {
        return open(sealed, 0, sealed.length);
    }

    /** Decrypts and authenticates {@code sealed[offset .. offset + length)}; fails without releasing any plaintext. */
    public byte[] open(byte[] sealed, int offset, int length) throws AuthenticationException {
        checkSealed(sealed, offset, length);
        byte[] plaintext = new byte[length - OVERHEAD];
        open(sealed, offset, length, plaintext, null);
        return plaintext;
    }

    /**
     * Like {@link #open(byte[], int, int)}, into the start of {@code plaintext}, which has room for
     * {@code length - OVERHEAD} bytes, for an object sealed with {@code associated} data (null for none):
     * it fails unless that data is the same as when sealing. Returns the plaintext's length. The restore's
     * path, which reuses one buffer per thread. On failure the buffer may hold garbage, never released as
     * plaintext.
     */
    public int open(byte[] sealed, int offset, int length, byte[] plaintext, byte[] associated)
            throws AuthenticationException {
        return open(sealed, offset, length, plaintext, 0, associated);
    }

    /**
     * Like {@link #open(byte[], int, int, byte[], byte[])}, but the plaintext replaces the ciphertext: it
     * starts at {@code offset + NONCE_LENGTH}. For a restore's pack ranges, which are read, opened blob by
     * blob and written out: no second buffer per thread, and none of the arrays a buffer sized to the largest
     * blob so far leaves behind as it grows. The JDK decrypts in place without a copy when the plaintext
     * starts where the ciphertext does.
     */
    public int openInPlace(byte[] sealed, int offset, int length, byte[] associated) throws AuthenticationException {
        return open(sealed, offset, length, sealed, offset + NONCE_LENGTH, associated);
    }

    private int open(byte[] sealed, int offset, int length, byte[] plaintext, int plainOffset, byte[] associated)
            throws AuthenticationException {
        checkSealed(sealed, offset, length);
        Objects.checkFromIndexSize(plainOffset, length - OVERHEAD, plaintext.length);
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, sealed, offset, NONCE_LENGTH));
            if (associated != null) {
                cipher.updateAAD(associated);
            }
            cipher.doFinal(sealed, offset + NONCE_LENGTH, length - NONCE_LENGTH, plaintext, plainOffset);
            return length - OVERHEAD;
        } catch (AEADBadTagException e) {
            throw new AuthenticationException("sealed object of " + length
                    + " bytes failed authentication: wrong key, or altered or truncated data"
                    + (associated == null ? "" : ", or not the object it was asked for"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM decryption failed on a correctly sized buffer", e);
        }
    }

    private static void checkSealed(byte[] sealed, int offset, int length) throws AuthenticationException {
        Objects.checkFromIndexSize(offset, length, sealed.length);
        if (length < OVERHEAD) {
            throw new AuthenticationException("sealed object of " + length + " bytes is shorter than its "
                    + OVERHEAD + "-byte nonce and tag: truncated");
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    TRANSFORMATION + " is missing from this JDK, which every JDK must provide", e);
        }
    }
}
