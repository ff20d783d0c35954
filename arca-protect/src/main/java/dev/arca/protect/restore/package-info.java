/**
 * Restore: turns a snapshot back into files, as fast as the storage and the cores allow and without
 * ever writing data that failed verification.
 *
 * <p>Restore is where a disaster-recovery plan meets its RTO, so it is built for throughput rather
 * than simplicity. It plans first: it walks the snapshot's trees and learns every file's blobs and
 * where they sit in packs. Then it reads each pack once, in as few range reads as the layout allows,
 * and hands each blob — decrypted and checked against its id once — to every file position that needs
 * it, from several threads at once. A blob that fails verification takes only the files that use it
 * down; everything else is restored and the damage is reported, because a partial restore now beats
 * a perfect one never.
 */
package dev.arca.protect.restore;
