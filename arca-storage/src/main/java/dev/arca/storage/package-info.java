/**
 * The storage layer: one {@link dev.arca.storage.Storage} interface that every repository target
 * (a local disk, an SFTP server, an S3 bucket) implements, so that the repository format above it
 * never knows where its bytes live.
 *
 * <p>Drivers live in sub-packages and are found at run time through {@link dev.arca.storage.StorageRegistry},
 * keyed by URL scheme. Decorators (retry, concurrency limits, fault injection) wrap any driver.
 */
package dev.arca.storage;
