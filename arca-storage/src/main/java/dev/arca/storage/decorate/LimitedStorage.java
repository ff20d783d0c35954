package dev.arca.storage.decorate;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Bounds what a repository target is asked to bear: at most N calls at once (an SFTP server allows few
 * sessions, an object store throttles), and optionally so many bytes per second up and down, so that a
 * backup over a site link leaves room for the business.
 *
 * <p>The concurrency bound is fair, so that no caller starves behind a stream of others. Uploads are paced
 * before they are sent; downloads after they arrive, since their size is known only then; both keep the
 * average rate.
 */
public final class LimitedStorage extends ForwardingStorage {
    private final int concurrency;
    private final Semaphore permits;
    private final TokenBucket upload;
    private final TokenBucket download;

    private LimitedStorage(Builder builder) {
        super(builder.inner);
        this.concurrency = builder.concurrency;
        this.permits = new Semaphore(builder.concurrency, true);
        this.upload = builder.uploadRate > 0 ? new TokenBucket(builder.uploadRate, builder.clock, builder.sleeper) : null;
        this.download = builder.downloadRate > 0
                ? new TokenBucket(builder.downloadRate, builder.clock, builder.sleeper) : null;
    }

    /** Starts wrapping {@code inner}; without further settings, 8 calls at once and no byte rate limit. */
    public static Builder builder(Storage inner) {
        return new Builder(Objects.requireNonNull(inner, "inner storage"));
    }

    /** How many calls may run at once. */
    public int concurrency() {
        return concurrency;
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        pace(upload, data.length, Operation.SAVE, key.toString());
        super.save(key, data);
    }

    @Override
    public void save(ObjectKey key, java.nio.file.Path file) throws IOException {
        pace(upload, java.nio.file.Files.size(file), Operation.SAVE, key.toString());
        super.save(key, file);
    }

    @Override
    public byte[] load(ObjectKey key, long offset, int length) throws IOException {
        return paced(super.load(key, offset, length), key);
    }

    @Override
    public byte[] load(ObjectKey key) throws IOException {
        return paced(super.load(key), key);
    }

    @Override
    <T> T call(Operation operation, ObjectKind kind, String subject, IoCall<T> body) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location() + ": " + subject + ": interrupted while waiting to "
                    + operation.label() + " (at most " + concurrency + " calls at once)");
        }
        try {
            return body.call();
        } finally {
            permits.release();
        }
    }

    /** How many callers wait for a free slot; lets tests see the bound at work without timing. */
    int waiting() {
        return permits.getQueueLength();
    }

    private byte[] paced(byte[] data, ObjectKey key) throws IOException {
        pace(download, data.length, Operation.LOAD, key.toString());
        return data;
    }

    private void pace(TokenBucket bucket, long bytes, Operation operation, String subject)
            throws InterruptedIOException {
        if (bucket == null) {
            return;
        }
        try {
            bucket.take(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location() + ": " + subject + ": interrupted while pacing "
                    + operation.label() + " to the byte rate limit");
        }
    }

    /** The settings of a {@link LimitedStorage}. */
    public static final class Builder {
        private final Storage inner;
        private int concurrency = 8;
        private long uploadRate;
        private long downloadRate;
        private InstantSource clock = InstantSource.system();
        private Sleeper sleeper = Sleeper.system();

        private Builder(Storage inner) {
            this.inner = inner;
        }

        /** At most {@code calls} calls at once. */
        public Builder concurrency(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("storage limit: concurrency must be at least 1, not " + calls);
            }
            this.concurrency = calls;
            return this;
        }

        /** At most {@code bytesPerSecond} bytes saved per second on average; 0 means unlimited. */
        public Builder uploadRate(long bytesPerSecond) {
            this.uploadRate = rate("upload", bytesPerSecond);
            return this;
        }

        /** At most {@code bytesPerSecond} bytes loaded per second on average; 0 means unlimited. */
        public Builder downloadRate(long bytesPerSecond) {
            this.downloadRate = rate("download", bytesPerSecond);
            return this;
        }

        /** The time source and the waiting of the byte rate limit; tests pass a fake pair. */
        public Builder clock(InstantSource clock, Sleeper sleeper) {
            this.clock = Objects.requireNonNull(clock, "clock");
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public LimitedStorage build() {
            return new LimitedStorage(this);
        }

        private static long rate(String direction, long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("storage limit: " + direction
                        + " rate must be 0 (unlimited) or more bytes per second, not " + bytesPerSecond);
            }
            return bytesPerSecond;
        }
    }
}
