package dev.arca.protect.copy;

/**
 * What a copy did with one snapshot of the source.
 *
 * @param source the snapshot's id in the source
 * @param target its id in the target (a different one: snapshot ids hash the differently encrypted
 *     document); {@code null} when it was not copied
 * @param blobsSent blobs the target lacked, read from the source and stored in the target
 * @param bytesSent bytes those blobs added to the target, after compression and encryption
 * @param blobsSkipped blobs the snapshot uses that the target already held
 * @param error why the snapshot was not copied, naming the blob; {@code null} unless {@link Outcome#FAILED}
 */
public record SnapshotCopy(String source, String target, Outcome outcome, long blobsSent, long bytesSent, long blobsSkipped,
                           String error) {
    /** Whether the snapshot is in the target after the copy, and why. */
    public enum Outcome {
        /** Copied by this run. */
        COPIED,
        /** The target already held a snapshot with the same tree, time, host, source and paths. */
        PRESENT,
        /** Not saved in the target: some of its data could not be read from the source. */
        FAILED
    }
}
