package dev.arca.storage.decorate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Paces a byte stream to a rate. The bucket holds at most one second of tokens (the allowed burst). A
 * transfer takes its tokens at once, possibly driving the bucket into debt, and waits until the debt is
 * paid off; concurrent transfers queue behind that debt. So an object of any size passes, and the
 * average rate holds.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final long bytesPerSecond;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private double tokens;
    private Instant refilled;

    TokenBucket(long bytesPerSecond, InstantSource clock, Sleeper sleeper) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = bytesPerSecond;
        this.refilled = clock.instant();
    }

    /** Takes {@code bytes} tokens and waits until the bucket is out of the debt that leaves. */
    void take(long bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            Instant now = clock.instant();
            long elapsed = Math.max(0, Duration.between(refilled, now).toNanos());
            refilled = now;
            tokens = Math.min(bytesPerSecond, tokens + elapsed * (bytesPerSecond / NANOS_PER_SECOND));
            tokens -= bytes;
            wait = tokens < 0 ? (long) Math.ceil(-tokens * NANOS_PER_SECOND / bytesPerSecond) : 0;
        }
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }
}
