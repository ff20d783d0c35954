package dev.arca.protect.restore;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running restore, polled by the command line for its progress line. The totals
 * are exact and known before the first byte is written, because restore plans the whole snapshot
 * first; bytes count file content placed, holes included.
 */
public final class RestoreProgress {
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong totalFiles = new AtomicLong();
    private final AtomicLong totalBytes = new AtomicLong();
    private volatile boolean totalsKnown;

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

    void planned(long fileCount, long byteCount) {
        totalFiles.set(fileCount);
        totalBytes.set(byteCount);
        totalsKnown = true;
    }

    void fileDone() {
        files.incrementAndGet();
    }

    void bytesDone(long count) {
        bytes.addAndGet(count);
    }
}
