package dev.arca.protect.copy;

import java.time.Duration;
import java.util.List;

/** A finished copy: one entry per snapshot asked for, oldest first, and the log area. */
public record CopyResult(List<SnapshotCopy> snapshots, LogCopy logs, Duration duration) {
    public CopyResult {
        snapshots = List.copyOf(snapshots);
    }

    public long blobsSent() {
        return snapshots.stream().mapToLong(SnapshotCopy::blobsSent).sum();
    }

    public long bytesSent() {
        return snapshots.stream().mapToLong(SnapshotCopy::bytesSent).sum();
    }

    public long blobsSkipped() {
        return snapshots.stream().mapToLong(SnapshotCopy::blobsSkipped).sum();
    }

    public long count(SnapshotCopy.Outcome outcome) {
        return snapshots.stream().filter(s -> s.outcome() == outcome).count();
    }

    /** Whether something asked for is not in the target: a snapshot or a log piece could not be read. */
    public boolean partial() {
        return count(SnapshotCopy.Outcome.FAILED) > 0 || !logs.errors().isEmpty();
    }
}
