package dev.arca.repository.pack;

import dev.arca.repository.BlobType;
import dev.arca.repository.crypto.BlobId;

/**
 * One blob inside a pack.
 *
 * @param offset where its stored (sealed) bytes start in the pack
 * @param length the stored length: nonce, compressed-or-raw payload and tag
 * @param rawLength the plaintext length, so restore can place it in a file without decrypting first
 */
public record PackEntry(BlobType type, BlobId id, int offset, int length, int rawLength) {
}
