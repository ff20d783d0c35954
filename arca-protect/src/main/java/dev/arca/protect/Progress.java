package dev.arca.protect;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running backup or restore, updated by its worker threads and polled by the
 * command line for its progress line. Totals may grow while a scan runs beside the job; once
 * {@link #totalsKnown()} they are final, so the ETA firms up.
 */
public class Progress {
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong totalFiles = new AtomicLong();
    private final AtomicLong totalBytes = new AtomicLong();
    private volatile boolean totalsKnown;
    private volatile boolean watched;

    public final long files() {
        return files.get();
    }

    public final long bytes() {
        return bytes.get();
    }

    public final long totalFiles() {
        return totalFiles.get();
    }

    public final long totalBytes() {
        return totalBytes.get();
    }

    public final boolean totalsKnown() {
        return totalsKnown;
    }

    /**
     * Marks the counters as shown to a person. Totals that need work of their own (a second walk of
     * the source, for the ETA) are gathered only then.
     */
    public final void watch() {
        watched = true;
    }

    public final boolean watched() {
        return watched;
    }

    public final void fileDone() {
        files.incrementAndGet();
    }

    public final void bytesDone(long count) {
        bytes.addAndGet(count);
    }

    public final void addToTotals(long fileCount, long byteCount) {
        totalFiles.addAndGet(fileCount);
        totalBytes.addAndGet(byteCount);
    }

    /** Marks the totals as complete: nothing more will be added to them. */
    public final void totalsComplete() {
        totalsKnown = true;
    }
}
