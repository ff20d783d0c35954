/**
 * Copy: replicates snapshots and database logs from one repository into another that was created
 * {@code --like} it (DESIGN.md section 5, the "2" and "1 off-site" of 3-2-1-1-0).
 *
 * <p>Both repositories give the same data the same blob ids, so a copy compares ids and sends only the
 * blobs the target lacks, each read and verified from the source and re-encrypted under the target's
 * key. The order of writes is a backup's: blobs, then the index files naming them, then the snapshot,
 * so an interrupted copy leaves a valid target and the next run resumes from what was indexed.
 */
package dev.arca.protect.copy;
