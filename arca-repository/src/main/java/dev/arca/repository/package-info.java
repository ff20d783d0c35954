/**
 * The repository: Arca's on-storage format and the one object, {@link dev.arca.repository.Repository},
 * through which everything above reads and writes it. Blobs are deduplicated by keyed id, compressed,
 * encrypted and appended to packs; index files say where each blob lives; snapshots and trees describe
 * what was backed up. Every object is named by the hash of its stored bytes (packs by random bytes) and
 * never overwritten, so a crash at any instant leaves a valid repository. The format is specified in docs/repository-format.md.
 */
package dev.arca.repository;
