package dev.arca.protect.backup;

import dev.arca.protect.Progress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backup's progress, plus what the snapshot's summary reports: directories, unchanged files, new
 * blobs, bytes added and stored, and files skipped with errors. Totals come from a scan that runs
 * alongside the backup.
 */
public final class BackupProgress extends Progress {
    final AtomicLong directories = new AtomicLong();
    final AtomicLong unchangedFiles = new AtomicLong();
    /** Directories whose tree is their parent snapshot's, taken by id without encoding it again. */
    final AtomicLong unchangedDirectories = new AtomicLong();
    final AtomicLong newBlobs = new AtomicLong();
    final AtomicLong addedBytes = new AtomicLong();
    final AtomicLong storedBytes = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    public long errors() {
        return errors.get();
    }
}
