/**
 * The S3 driver: a repository under a prefix of an S3 bucket, on AWS or any S3-compatible server
 * (MinIO, Ceph, Backblaze B2, Cloudflare R2, ...), with the immutability options of DESIGN.md section 5
 * (Object Lock in compliance mode) and a storage class for every object.
 *
 * <p>It lives in a module of its own because the AWS SDK is large; only the command line and the server
 * register {@link dev.arca.storage.s3.S3StorageProvider}, so the repository library never depends on it.
 */
package dev.arca.storage.s3;
