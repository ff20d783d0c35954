package dev.arca.repository;

import dev.arca.repository.compress.BlobCodec;
import dev.arca.repository.crypto.ObjectCipher;

/**
 * One thread's buffer for encoding and sealing a blob on its way into a pack: the codec writes behind
 * room for the nonce, and the cipher seals in place. Reusing it instead of allocating two arrays per blob
 * is what lets a backup run in a small heap without the collector copying megabytes of short-lived blobs.
 */
final class BlobScratch {
    /** Buffers up to this size are kept; the rare larger blob (chunks reach 8 MiB) gets an array of its own. */
    private static final int KEPT = 3 << 20;
    private static final ThreadLocal<BlobScratch> PER_THREAD = ThreadLocal.withInitial(BlobScratch::new);

    private byte[] buffer = new byte[0];

    private BlobScratch() {
    }

    /**
     * This thread's buffer, with room for the sealed encoding of {@code plainLength} bytes; the encoding goes
     * at {@link ObjectCipher#NONCE_LENGTH}.
     */
    static byte[] forBlob(int plainLength) {
        return PER_THREAD.get().room(ObjectCipher.OVERHEAD + BlobCodec.maxEncodedLength(plainLength));
    }

    private byte[] room(int size) {
        if (buffer.length >= size) {
            return buffer;
        }
        byte[] grown = new byte[size];
        if (size <= KEPT) {
            buffer = grown;
        }
        return grown;
    }
}
