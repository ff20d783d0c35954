/**
 * Blob compression: zstd at a configurable level, with data that does not compress detected cheaply
 * and stored raw, behind a 5-byte header that says which and how long the blob is.
 *
 * <p>Compression happens before encryption, on the plaintext blob; the encoded form is what
 * {@link dev.arca.repository.crypto.ObjectCipher} seals.
 */
package dev.arca.repository.compress;
