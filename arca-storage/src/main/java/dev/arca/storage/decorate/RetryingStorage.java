package dev.arca.storage.decorate;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.ObjectRangeException;
import dev.arca.storage.Storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Retries failed storage calls with exponential back-off and jitter, since networks and object stores
 * fail transiently and a backup of hours should not die of one dropped connection.
 *
 * <p>Answers are not failures: {@link ObjectNotFoundException}, {@link ObjectExistsException},
 * {@link ObjectRangeException} and {@link dev.arca.storage.ObjectLockedException} are passed on at once, and so is an interruption, which means the caller wants to stop. After the last
 * attempt the last error is thrown, with the earlier ones attached as suppressed exceptions.
 *
 * <p>A save that failed may still have landed (the connection dropped after the server stored it). When
 * a retry of it then finds the name taken, the object is checked with {@code stat}: if its size is that of
 * the data, the save counts as done. Names are hashes of the content, so the same name and size mean the
 * same bytes; a torn write of a non-atomic backend has the wrong size and still fails.
 */
public final class RetryingStorage extends ForwardingStorage {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Listener listener;

    private RetryingStorage(Builder builder) {
        super(builder.inner);
        this.policy = builder.policy;
        this.sleeper = builder.sleeper;
        this.random = builder.random;
        this.listener = builder.listener;
    }

    /** Starts wrapping {@code inner}, with {@link RetryPolicy#DEFAULT}, real sleeping and no listener. */
    public static Builder builder(Storage inner) {
        return new Builder(Objects.requireNonNull(inner, "inner storage"));
    }

    public RetryPolicy policy() {
        return policy;
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        saveRetried(key, data.length, () -> inner.save(key, data));
    }

    @Override
    public void save(ObjectKey key, java.nio.file.Path file) throws IOException {
        saveRetried(key, java.nio.file.Files.size(file), () -> inner.save(key, file));
    }

    private interface SaveCall {
        void run() throws IOException;
    }

    private void saveRetried(ObjectKey key, long size, SaveCall save) throws IOException {
        retry(Operation.SAVE, key.toString(), attempt -> {
            try {
                save.run();
            } catch (ObjectExistsException e) {
                if (attempt == 1 || !landed(key, size)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    <T> T call(Operation operation, ObjectKind kind, String subject, IoCall<T> body) throws IOException {
        return retry(operation, subject, attempt -> body.call());
    }

    private boolean landed(ObjectKey key, long size) throws IOException {
        return inner.stat(key).map(info -> info.size() == size).orElse(false);
    }

    private <T> T retry(Operation operation, String subject, Attempt<T> body) throws IOException {
        List<IOException> earlier = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return body.run(attempt);
            } catch (IOException e) {
                if (!retryable(e)) {
                    throw e;
                }
                boolean last = attempt >= policy.attempts();
                Duration delay = last ? Duration.ZERO : delayAfter(attempt);
                listener.failed(new FailedAttempt(operation, subject, attempt, policy.attempts(), delay, e));
                if (last) {
                    earlier.stream().filter(previous -> previous != e).forEach(e::addSuppressed);
                    throw e;
                }
                earlier.add(e);
                pause(operation, subject, delay, e);
            }
        }
    }

    private Duration delayAfter(int failed) {
        synchronized (random) {
            return policy.delayAfter(failed, random);
        }
    }

    private static boolean retryable(IOException e) {
        return !(e instanceof ObjectNotFoundException || e instanceof ObjectExistsException
                || e instanceof ObjectRangeException || e instanceof dev.arca.storage.ObjectLockedException || e instanceof InterruptedIOException
                || e instanceof ClosedByInterruptException
                || Thread.currentThread().isInterrupted());
    }

    private void pause(Operation operation, String subject, Duration delay, IOException cause)
            throws InterruptedIOException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(location() + ": " + subject
                    + ": interrupted while waiting to retry " + operation.label());
            interrupted.addSuppressed(cause);
            throw interrupted;
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run(int attempt) throws IOException;
    }

    /**
     * One failed attempt, as told to a {@link Listener}.
     *
     * @param attempt which attempt failed, from 1
     * @param attempts how many attempts the policy allows; when {@code attempt == attempts} this is the end
     * @param delay how long until the next attempt; zero after the last
     */
    public record FailedAttempt(Operation operation, String subject, int attempt, int attempts, Duration delay,
                                IOException error) {

        /** Whether another attempt follows. */
        public boolean willRetry() {
            return attempt < attempts;
        }
    }

    /** Hears of every failed attempt, for logs and metrics; called on the failing thread. */
    @FunctionalInterface
    public interface Listener {
        void failed(FailedAttempt attempt);
    }

    /** The settings of a {@link RetryingStorage}. */
    public static final class Builder {
        private final Storage inner;
        private RetryPolicy policy = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.system();
        // Most generators are not thread-safe; this one draws from the calling thread's own.
        private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        private Listener listener = attempt -> { };

        private Builder(Storage inner) {
            this.inner = inner;
        }

        public Builder policy(RetryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The source of jitter; a seeded one makes the delays reproducible. It is used under a lock. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RetryingStorage build() {
            return new RetryingStorage(this);
        }
    }
}
