package dev.arca.storage.decorate;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.memory.MemoryStorage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitedStorageTest {
    private static final ObjectKey KEY = ObjectKey.of(ObjectKind.DATA, "ab12");

    private final MemoryStorage memory = new MemoryStorage();
    private final FakeTime time = new FakeTime();

    @Test
    void noMoreCallsRunAtOnceThanAllowed() throws Exception {
        Gate gate = new Gate(memory, 3);
        LimitedStorage limited = LimitedStorage.builder(gate).concurrency(3).build();
        List<Future<?>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> limited.stat(KEY)));
            }
            assertThat(gate.entered.await(1, TimeUnit.MINUTES)).isTrue();
            // Once five callers queue for a slot, every one of the eight is either inside or waiting.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (limited.waiting() < 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(limited.waiting()).isEqualTo(5);
            assertThat(gate.inside.get()).isEqualTo(3);

            gate.open.countDown();
            for (Future<?> call : calls) {
                call.get(1, TimeUnit.MINUTES);
            }
        }
        assertThat(gate.mostInside.get()).isEqualTo(3);
        assertThat(limited.waiting()).isZero();
    }

    @Test
    void uploadsArePacedToTheirRate() throws IOException {
        Storage limited = LimitedStorage.builder(memory).uploadRate(1000).clock(time, time).build();

        for (int i = 0; i < 3; i++) {
            limited.save(ObjectKey.of(ObjectKind.DATA, "object-" + i), new byte[1000]);
        }
        limited.load(ObjectKey.of(ObjectKind.DATA, "object-0"));

        // The first second's worth passes at once (the burst); every further 1000 bytes wait a second.
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void downloadsArePacedToTheirRate() throws IOException {
        memory.save(KEY, new byte[1000]);
        Storage limited = LimitedStorage.builder(memory).downloadRate(500).clock(time, time).build();

        limited.load(KEY);
        limited.load(KEY, 0, 1000);
        limited.save(ObjectKey.of(ObjectKind.DATA, "upload"), new byte[5000]);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void interruptedCallerGivesUpItsTurn() {
        Storage limited = LimitedStorage.builder(memory).concurrency(1).build();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> limited.stat(KEY))
                    .isInstanceOf(InterruptedIOException.class)
                    .hasMessage(memory.location() + ": data/ab12: interrupted while waiting to stat (at most 1 calls at once)");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void settingsRefuseNonsense() {
        LimitedStorage.Builder builder = LimitedStorage.builder(memory);

        assertThatThrownBy(() -> builder.concurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage limit: concurrency must be at least 1, not 0");
        assertThatThrownBy(() -> builder.uploadRate(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage limit: upload rate must be 0 (unlimited) or more bytes per second, not -1");
        assertThat(builder.build().concurrency()).isEqualTo(8);
    }

    /** Holds every call until opened, counting how many are inside at once. */
    private static final class Gate extends ForwardingStorage {
        final CountDownLatch entered;
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();

        Gate(Storage inner, int expected) {
            super(inner);
            this.entered = new CountDownLatch(expected);
        }

        @Override
        <T> T call(Operation operation, ObjectKind kind, String subject, IoCall<T> body) throws IOException {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entered.countDown();
            try {
                open.await();
                return body.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("gate interrupted");
            } finally {
                inside.decrementAndGet();
            }
        }
    }
}
