/**
 * File backup: walk, read, chunk, hash, compress, encrypt and pack as a pipeline that keeps every
 * core busy, skipping files whose metadata says they have not changed since the parent snapshot.
 */
package dev.arca.protect.backup;
