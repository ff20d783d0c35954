package dev.arca.storage.decorate;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.ObjectRangeException;
import dev.arca.storage.Storage;
import dev.arca.storage.memory.MemoryStorage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryingStorageTest {
    private static final ObjectKey KEY = ObjectKey.of(ObjectKind.DATA, "ab12");
    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    private final MemoryStorage memory = new MemoryStorage();
    private final FakeTime time = new FakeTime();
    private final List<RetryingStorage.FailedAttempt> failures = new CopyOnWriteArrayList<>();

    private Storage retrying(Storage inner, int attempts) {
        return RetryingStorage.builder(inner)
                .policy(new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .sleeper(time)
                .random(new SplittableRandom(42))
                .listener(failures::add)
                .build();
    }

    @Test
    void transientFailuresAreRetriedWithGrowingDelays() throws IOException {
        Storage storage = retrying(FaultyStorage.wrap(memory).inject(Fault.fail().on(Operation.SAVE).times(2)), 5);

        storage.save(KEY, DATA);

        assertThat(memory.load(KEY)).isEqualTo(DATA);
        assertThat(failures).extracting(RetryingStorage.FailedAttempt::attempt).containsExactly(1, 2);
        assertThat(failures).allSatisfy(failure -> {
            assertThat(failure.operation()).isEqualTo(Operation.SAVE);
            assertThat(failure.subject()).isEqualTo("data/ab12");
            assertThat(failure.willRetry()).isTrue();
        });
        assertThat(failures.getFirst().error())
                .hasMessage(memory.location() + ": data/ab12: injected failure of save #1");
        assertThat(time.sleeps()).hasSize(2);
        assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(time.sleeps().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(failures).extracting(RetryingStorage.FailedAttempt::delay).isEqualTo(time.sleeps());
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheLastError() throws IOException {
        memory.save(KEY, DATA);
        Storage storage = retrying(FaultyStorage.wrap(memory).inject(Fault.fail().on(Operation.LOAD)), 3);

        assertThatThrownBy(() -> storage.load(KEY))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage(memory.location() + ": data/ab12: injected failure of load #3")
                .satisfies(last -> assertThat(last.getSuppressed()).extracting(Throwable::getMessage).containsExactly(
                        memory.location() + ": data/ab12: injected failure of load #1",
                        memory.location() + ": data/ab12: injected failure of load #2"));
        assertThat(failures).extracting(RetryingStorage.FailedAttempt::willRetry).containsExactly(true, true, false);
        assertThat(failures.getLast().delay()).isZero();
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void answersAreNeverRetried() throws IOException {
        Storage storage = retrying(memory, 5);
        storage.save(KEY, DATA);

        assertThatThrownBy(() -> storage.load(ObjectKey.of(ObjectKind.DATA, "missing")))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.save(KEY, DATA)).isInstanceOf(ObjectExistsException.class);
        assertThatThrownBy(() -> storage.load(KEY, 5, 10)).isInstanceOf(ObjectRangeException.class);

        assertThat(failures).isEmpty();
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void saveThatLandedDespiteItsErrorCountsAsDone() throws IOException {
        Storage storage = retrying(FaultyStorage.wrap(memory).inject(Fault.lostReply().on(Operation.SAVE).times(1)), 3);

        storage.save(KEY, DATA);

        assertThat(memory.load(KEY)).isEqualTo(DATA);
        assertThat(failures).singleElement().extracting(failure -> failure.error().getMessage())
                .isEqualTo(memory.location() + ": data/ab12: injected lost reply to save #1 (it took effect)");
    }

    @Test
    void tornSaveIsNotMistakenForALandedOne() throws IOException {
        Storage storage = retrying(FaultyStorage.wrap(memory).inject(Fault.truncate().times(1)), 3);

        assertThatThrownBy(() -> storage.save(KEY, DATA))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessage(memory.location() + ": data/ab12: object already exists and objects are never overwritten");
        assertThat(memory.load(KEY)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void interruptionWhileWaitingStopsRetrying() throws IOException {
        memory.save(KEY, DATA);
        Storage storage = RetryingStorage.builder(FaultyStorage.wrap(memory).inject(Fault.fail().times(1)))
                .sleeper(duration -> {
                    throw new InterruptedException("stop");
                })
                .build();

        try {
            assertThatThrownBy(() -> storage.load(KEY))
                    .isInstanceOf(InterruptedIOException.class)
                    .hasMessage(memory.location() + ": data/ab12: interrupted while waiting to retry load")
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void delaysDoubleWithJitterUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(100, Duration.ofMillis(100), Duration.ofSeconds(1));
        SplittableRandom random = new SplittableRandom(7);

        for (int failed = 1; failed <= 99; failed++) {
            Duration base = Duration.ofMillis(Math.min(1000, 100L << Math.min(failed - 1, 10)));
            for (int draw = 0; draw < 50; draw++) {
                assertThat(policy.delayAfter(failed, random)).as("after failure %d", failed)
                        .isBetween(base.dividedBy(2), base);
            }
        }
        assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO).delayAfter(2, random)).isZero();
    }

    @Test
    void policyRefusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retry policy: attempts must be at least 1, not 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retry policy: expected 0 <= initial delay <= max delay, not PT2S and PT1S");
    }
}
