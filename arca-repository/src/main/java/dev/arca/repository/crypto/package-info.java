/**
 * The repository's cryptography: keyed blob ids ({@link dev.arca.repository.crypto.BlobHasher}),
 * authenticated encryption of every stored object ({@link dev.arca.repository.crypto.ObjectCipher}),
 * the {@link dev.arca.repository.crypto.MasterKey} and the password-protected
 * {@link dev.arca.repository.crypto.KeySlot}s that wrap it.
 *
 * <p>Everything here uses the JDK's providers except scrypt, which comes from BouncyCastle's
 * lightweight API (no provider is registered). The exact byte formats are in FORMAT-PRIMITIVES.md.
 */
package dev.arca.repository.crypto;
