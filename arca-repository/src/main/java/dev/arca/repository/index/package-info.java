/**
 * Where each blob lives: index files in the repository (which pack, offset and length) and the
 * compact in-memory {@link dev.arca.repository.index.BlobIndex} built from them, which deduplication
 * consults for every chunk and restore for every blob.
 */
package dev.arca.repository.index;
