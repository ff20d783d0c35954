package dev.arca.repository.check;

import java.time.Duration;
import java.util.Objects;

/**
 * What a check reads, and how.
 *
 * @param readData the packs to download and authenticate beyond the structure check
 * @param readThreads how many packs are read at once; each holds a whole pack in memory
 * @param lockWait how long to wait for a prune's exclusive lock to go away before giving up
 */
public record CheckOptions(DataSelection readData, int readThreads, Duration lockWait) {
    /** Enough to keep remote storage busy; more only adds memory, since authenticating is faster than downloading. */
    public static final int DEFAULT_READ_THREADS = 4;

    public CheckOptions {
        Objects.requireNonNull(readData, "readData");
        Objects.requireNonNull(lockWait, "lockWait");
        if (readThreads < 1) {
            throw new IllegalArgumentException("check: read threads " + readThreads + " must be at least 1");
        }
    }

    /** The structure check, without waiting for a lock. */
    public static CheckOptions structure() {
        return new CheckOptions(DataSelection.none(), DEFAULT_READ_THREADS, Duration.ZERO);
    }

    public CheckOptions withReadData(DataSelection selection) {
        return new CheckOptions(selection, readThreads, lockWait);
    }

    public CheckOptions withLockWait(Duration wait) {
        return new CheckOptions(readData, readThreads, wait);
    }
}
