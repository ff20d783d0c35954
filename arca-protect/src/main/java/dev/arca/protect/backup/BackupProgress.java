package dev.arca.protect.backup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running backup, read by the command line for its progress line. Totals are
 * filled in by a scan that runs alongside the backup, so the ETA firms up as the scan finishes.
 */
public final class BackupProgress {
    final AtomicLong files = new AtomicLong();
    final AtomicLong directories = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong unchangedFiles = new AtomicLong();
    final AtomicLong newBlobs = new AtomicLong();
    final AtomicLong addedBytes = new AtomicLong();
    final AtomicLong storedBytes = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong totalFiles = new AtomicLong();
    final AtomicLong totalBytes = new AtomicLong();
    volatile boolean totalsKnown;

    public long files() {
        return files.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long totalFiles() {
        return totalFiles.get();
    }

    public long totalBytes() {
        return totalBytes.get();
    }

    public boolean totalsKnown() {
        return totalsKnown;
    }

    public long errors() {
        return errors.get();
    }
}
