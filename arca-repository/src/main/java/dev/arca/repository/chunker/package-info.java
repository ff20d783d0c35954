/**
 * Content-defined chunking: splits a stream into variable-size chunks whose boundaries depend on the
 * content around them, so that an insertion or deletion changes only the chunks it touches and every
 * other chunk deduplicates against earlier backups.
 *
 * <p>The boundary function is keyed by a per-repository secret so that chunk sizes, which are visible
 * to whoever holds the storage, do not reveal which known file was stored.
 */
package dev.arca.repository.chunker;
