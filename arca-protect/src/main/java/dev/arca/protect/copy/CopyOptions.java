package dev.arca.protect.copy;

import java.time.Duration;

/**
 * How to copy.
 *
 * @param threads how many blobs are read from the source and stored in the target at once
 * @param flushEvery after this many stored bytes the target's packs and index are written, so an
 *     interrupted copy keeps what it sent and loses at most this much work
 * @param lockWait how long to wait for an exclusive lock (a running prune) on either repository
 * @param host the host named in the locks
 * @param user the user named in the locks
 */
public record CopyOptions(int threads, long flushEvery, Duration lockWait, String host, String user) {
    public static final int DEFAULT_THREADS = 4;
    public static final long DEFAULT_FLUSH_EVERY = 256L << 20;

    public CopyOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("copy threads must be at least 1, got " + threads);
        }
        if (flushEvery < 1) {
            throw new IllegalArgumentException("copy flush interval must be positive, got " + flushEvery);
        }
    }

    public static CopyOptions defaults(String host, String user) {
        return new CopyOptions(DEFAULT_THREADS, DEFAULT_FLUSH_EVERY, Duration.ZERO, host, user);
    }

    public CopyOptions withFlushEvery(long bytes) {
        return new CopyOptions(threads, bytes, lockWait, host, user);
    }

    public CopyOptions withLockWait(Duration wait) {
        return new CopyOptions(threads, flushEvery, wait, host, user);
    }
}
