/**
 * The local disk driver: a repository in a directory, for a NAS mount, an external disk or a test.
 *
 * <p>It is the reference for the storage contract on a real file system, where atomicity and durability
 * have to be built from temporary files, {@code fsync} and hard links rather than bought from a server.
 */
package dev.arca.storage.local;
