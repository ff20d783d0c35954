package dev.arca.storage.decorate;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultyStorageTest {
    private static final ObjectKey KEY = ObjectKey.of(ObjectKind.DATA, "ab12");
    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    private final MemoryStorage memory = new MemoryStorage();

    private static ObjectKey data(int number) {
        return ObjectKey.of(ObjectKind.DATA, "object-" + number);
    }

    @Test
    void failAfterLetsTheFirstCallsPassThenFailsEveryOne() throws IOException {
        FaultyStorage faulty = FaultyStorage.wrap(memory).failAfter(3, Operation.SAVE);

        for (int i = 1; i <= 3; i++) {
            faulty.save(data(i), DATA);
        }
        for (int i = 4; i <= 5; i++) {
            int number = i;
            assertThatThrownBy(() -> faulty.save(data(number), DATA))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessage(memory.location() + ": data/object-" + number + ": injected failure of save #" + number);
        }

        assertThat(faulty.load(data(1))).isEqualTo(DATA);
        assertThat(faulty.list(ObjectKind.DATA)).hasSize(3);
        assertThat(faulty.injected()).isEqualTo(2);
    }

    @Test
    void faultWatchesOnlyItsOperationsAndKinds() throws IOException {
        ObjectKey index = ObjectKey.of(ObjectKind.INDEX, "ab12");
        memory.save(KEY, DATA);
        memory.save(index, DATA);
        FaultyStorage faulty = FaultyStorage.wrap(memory).inject(Fault.fail().on(Operation.LOAD).in(ObjectKind.INDEX));

        assertThat(faulty.load(KEY)).isEqualTo(DATA);
        assertThat(faulty.stat(index)).isPresent();
        assertThat(faulty.list(ObjectKind.INDEX)).hasSize(1);
        assertThatThrownBy(() -> faulty.load(index, 0, 1))
                .hasMessage(memory.location() + ": index/ab12: injected failure of load #1");
    }

    @Test
    void transientFaultHitsAWindowOfCalls() throws IOException {
        FaultyStorage faulty = FaultyStorage.wrap(memory).inject(Fault.fail().after(1).times(2));

        faulty.list(ObjectKind.KEYS);
        assertThatThrownBy(() -> faulty.stat(KEY)).hasMessage(memory.location() + ": data/ab12: injected failure of stat #2");
        assertThatThrownBy(() -> faulty.list(ObjectKind.LOCKS))
                .hasMessage(memory.location() + ": locks: injected failure of list #3");
        faulty.remove(KEY);
        assertThat(faulty.injected()).isEqualTo(2);
    }

    @Test
    void everyFaultCountsItsCallsAndTheFirstInjectedWins() throws IOException {
        FaultyStorage faulty = FaultyStorage.wrap(memory)
                .inject(Fault.fail().after(2))
                .inject(Fault.lostReply().on(Operation.SAVE).after(1));

        faulty.save(data(1), DATA);
        assertThatThrownBy(() -> faulty.save(data(2), DATA)).hasMessageEndingWith("injected lost reply to save #2 (it took effect)");
        assertThatThrownBy(() -> faulty.save(data(3), DATA)).hasMessageEndingWith("injected failure of save #3");

        assertThat(memory.list(ObjectKind.DATA)).extracting(info -> info.key().name())
                .containsExactlyInAnyOrder("object-1", "object-2");
        faulty.heal();
        faulty.save(data(3), DATA);
        assertThat(faulty.injected()).isEqualTo(2);
    }

    @Test
    void truncatedSaveStoresHalfThenFails() throws IOException {
        FaultyStorage faulty = FaultyStorage.wrap(memory).inject(Fault.truncate());

        assertThatThrownBy(() -> faulty.save(KEY, DATA))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage(memory.location() + ": data/ab12: injected torn write: stored 5 of 10 bytes");

        assertThat(memory.load(KEY)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void corruptedLoadFlipsOneByteAndLeavesTheObjectIntact() throws IOException {
        ObjectKey empty = ObjectKey.of(ObjectKind.DATA, "empty");
        memory.save(KEY, DATA);
        memory.save(empty, new byte[0]);
        FaultyStorage faulty = FaultyStorage.wrap(memory).inject(Fault.corrupt());

        byte[] whole = faulty.load(KEY);
        byte[] range = faulty.load(KEY, 2, 4);

        byte[] expected = DATA.clone();
        expected[5] = (byte) ~expected[5];
        assertThat(whole).isEqualTo(expected);
        assertThat(range).containsExactly(3, 4, ~5, 6);
        assertThat(faulty.load(empty)).isEmpty();
        assertThat(memory.load(KEY)).isEqualTo(DATA);
        assertThat(Arrays.mismatch(whole, DATA)).isEqualTo(5);
    }

    @Test
    void lostReplyTakesEffectThenFails() throws IOException {
        memory.save(KEY, DATA);
        FaultyStorage faulty = FaultyStorage.wrap(memory).inject(Fault.lostReply().on(Operation.REMOVE));

        assertThatThrownBy(() -> faulty.remove(KEY))
                .hasMessage(memory.location() + ": data/ab12: injected lost reply to remove #1 (it took effect)");
        assertThat(memory.stat(KEY)).isEmpty();
    }

    @Test
    void hangEndsWhenInterrupted() throws Exception {
        FaultyStorage faulty = FaultyStorage.wrap(memory).inject(Fault.hang(Duration.ofMinutes(10)));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                faulty.list(ObjectKind.DATA);
                outcome.complete(null);
            } catch (IOException e) {
                outcome.complete(e);
            }
        });
        while (caller.getState() != Thread.State.TIMED_WAITING && !outcome.isDone()) {
            Thread.onSpinWait();
        }

        caller.interrupt();

        assertThat(outcome.get(1, TimeUnit.MINUTES))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage(memory.location() + ": data: interrupted during injected hang of list");
    }

    @Test
    void hangEndsInFailureAfterItsLimit() {
        FaultyStorage faulty = FaultyStorage.wrap(memory).inject(Fault.hang(Duration.ofMillis(20)).on(Operation.STAT));

        assertThatThrownBy(() -> faulty.stat(KEY))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage(memory.location() + ": data/ab12: injected hang of stat ended after PT0.02S");
    }

    @Test
    void faultsRefuseNonsense() {
        assertThatThrownBy(() -> Fault.truncate().on(Operation.LOAD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault TRUNCATE applies to [save] only, not to [load]");
        assertThatThrownBy(() -> Fault.fail().times(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault FAIL: expected after >= 0 and times >= 1, not after 0 and times 0");
        assertThatThrownBy(() -> Fault.hang(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault HANG: a hang limit must be positive for HANG and zero otherwise, not PT0S");
    }

    @Test
    void faultsHitByCountEvenUnderConcurrency() throws Exception {
        FaultyStorage faulty = FaultyStorage.wrap(memory).failAfter(10, Operation.SAVE);
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> threads = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int thread = 0; thread < 8; thread++) {
                int first = thread * 5;
                threads.add(pool.submit(() -> {
                    for (int number = first; number < first + 5; number++) {
                        try {
                            faulty.save(data(number), DATA);
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> thread : threads) {
                thread.get(1, TimeUnit.MINUTES);
            }
        }

        assertThat(failed).hasValue(30);
        assertThat(faulty.injected()).isEqualTo(30);
        assertThat(memory.list(ObjectKind.DATA)).hasSize(10);
    }
}
