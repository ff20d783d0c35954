package dev.arca.repository;

import dev.arca.repository.compress.BlobCodec;
import dev.arca.repository.crypto.ObjectCipher;

/**
 * One thread's buffers for blobs on their way into a pack (the codec writes behind room for the nonce,
 * and the cipher seals in place) and out of one (decrypted, then decompressed). Reusing them instead of
 * allocating arrays per blob is what lets backups and restores run in a small heap without the collector
 * copying megabytes of short-lived blobs.
 */
final class BlobScratch {
    /** Buffers up to this size are kept; the rare larger blob (chunks reach 8 MiB) gets an array of its own. */
    private static final int KEPT = 3 << 20;
    private static final ThreadLocal<BlobScratch> PER_THREAD = ThreadLocal.withInitial(BlobScratch::new);

    private final Buffer sealing = new Buffer();
    private final Buffer decrypted = new Buffer();
    private final Buffer decoded = new Buffer();

    private BlobScratch() {
    }

    /**
     * This thread's buffer with room for the sealed encoding of {@code plainLength} bytes; the encoding goes
     * at {@link ObjectCipher#NONCE_LENGTH}.
     */
    static byte[] forBlob(int plainLength) {
        return PER_THREAD.get().sealing.atLeast(ObjectCipher.OVERHEAD + BlobCodec.maxEncodedLength(plainLength));
    }

    /** This thread's buffer for the decrypted, still encoded, bytes of a sealed blob of {@code sealedLength}. */
    static byte[] forDecrypted(int sealedLength) {
        return PER_THREAD.get().decrypted.atLeast(sealedLength - ObjectCipher.OVERHEAD);
    }

    /** This thread's buffer to decompress into; the codec allocates for a blob that does not fit. */
    static byte[] forDecoded() {
        return PER_THREAD.get().decoded.atLeast(KEPT);
    }

    private static final class Buffer {
        private static final int STEP = 512 << 10;
        private byte[] bytes = new byte[0];

        /**
         * The kept array if it is large enough, else a new one, kept for next time unless it is too large.
         * A kept array grows in steps of {@value #STEP} bytes: grown to the exact size of each larger blob
         * met, it left 29 MB of outgrown arrays behind in a restore of the benchmark's data set.
         */
        byte[] atLeast(int size) {
            if (bytes.length >= size) {
                return bytes;
            }
            if (size > KEPT) {
                return new byte[size];
            }
            bytes = new byte[Math.min(KEPT, (size + STEP - 1) / STEP * STEP)];
            return bytes;
        }
    }
}
