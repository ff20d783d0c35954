package dev.arca.storage.decorate;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How hard {@link RetryingStorage} tries: at most {@code attempts} calls in all, waiting between them a
 * delay that doubles from {@code initialDelay} up to {@code maxDelay}.
 *
 * <p>Each wait is drawn between half and all of that delay ("equal jitter"), so that many clients failing
 * together (one server restarting under all of them) do not retry in lock-step, yet never retry at once.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {

    /** Five attempts over about 7.5 seconds at most: long enough for a dropped connection or a throttle. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(4));

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (attempts < 1) {
            throw new IllegalArgumentException("retry policy: attempts must be at least 1, not " + attempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry policy: expected 0 <= initial delay <= max delay, not "
                    + initialDelay + " and " + maxDelay);
        }
    }

    /** The wait after the {@code failed}-th attempt failed (the first failure is 1). */
    Duration delayAfter(int failed, RandomGenerator random) {
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        // Shifting more than 62 places would overflow; by then the cap has long been reached.
        int doublings = Math.min(failed - 1, 62);
        long base = initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
        long half = base / 2;
        return Duration.ofNanos(base - half + random.nextLong(half + 1));
    }
}
