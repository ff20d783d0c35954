package dev.arca.protect.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkRingTest {
    private static final int MIB = 1 << 20;

    @Test
    void chunksFollowOneAnotherInOneArray() throws Exception {
        ChunkRing ring = new ChunkRing(12 * MIB, 12 * MIB, 8 * MIB);
        ChunkRing.Slot a = ring.take(MIB + 1);
        ChunkRing.Slot b = ring.take(3 * MIB);

        assertThat(b.array()).isSameAs(a.array()).hasSize(12 * MIB);
        assertThat(a.offset()).isZero();
        assertThat(b.offset()).isEqualTo(MIB + 1);
        assertThat(b.length()).isEqualTo(3 * MIB);
    }

    @Test
    void aChunkThatDoesNotFitAtTheEndWrapsToTheStartOnceTheStartIsFree() throws Exception {
        ChunkRing ring = new ChunkRing(10 * MIB, 10 * MIB, 8 * MIB);
        ChunkRing.Slot a = ring.take(4 * MIB);
        ChunkRing.Slot b = ring.take(4 * MIB);
        ring.give(a);

        ChunkRing.Slot c = ring.take(3 * MIB);
        assertThat(c.offset()).as("2 MiB are left at the end, 4 at the start").isZero();
        ChunkRing.Slot d = ring.take(MIB);
        assertThat(d.offset()).as("between the wrapped chunk and the oldest one").isEqualTo(3 * MIB);
        assertThat(b.offset()).isEqualTo(4 * MIB);
    }

    @Test
    void aTakeWaitsUntilTheChunksBeforeItAreGivenBack() throws Exception {
        ChunkRing ring = new ChunkRing(10 * MIB, 10 * MIB, 8 * MIB);
        ChunkRing.Slot big = ring.take(8 * MIB);
        ChunkRing.Slot small = ring.take(2 * MIB);

        CompletableFuture<ChunkRing.Slot> waiting = CompletableFuture.supplyAsync(() -> take(ring, MIB));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        ring.give(small);
        Thread.sleep(100);
        assertThat(waiting).as("the oldest chunk is still out, so its successor's room is not free yet").isNotDone();

        ring.give(big);
        assertThat(waiting.get(5, TimeUnit.SECONDS).offset()).as("an empty ring starts over at its beginning").isZero();
    }

    @Test
    void aChunkGivenBackEarlyFreesItsRoomWithTheChunksBeforeIt() throws Exception {
        ChunkRing ring = new ChunkRing(9 * MIB, 9 * MIB, 8 * MIB);
        ChunkRing.Slot a = ring.take(3 * MIB);
        ChunkRing.Slot b = ring.take(3 * MIB);
        ChunkRing.Slot c = ring.take(3 * MIB);
        ring.give(b);
        ring.give(c);
        ring.give(a);

        assertThat(ring.take(8 * MIB).offset()).isZero();
    }

    @Test
    void workersGivingBackOutOfOrderNeverShareBytes() throws Exception {
        ChunkRing ring = new ChunkRing(MIB, 12 * MIB, 8 * MIB); // growing as it goes
        Random random = new Random(7);
        ExecutorService workers = Executors.newFixedThreadPool(3);
        try {
            ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
            List<String> overlaps = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 8 * MIB : MIB + MIB / 2);
                ChunkRing.Slot slot = ring.take(length);
                byte mark = (byte) (i % 251 + 1);
                Arrays.fill(slot.array(), slot.offset(), slot.offset() + length, mark);
                long delay = random.nextInt(300);
                pending.add(CompletableFuture.runAsync(() -> {
                    try {
                        TimeUnit.MICROSECONDS.sleep(delay);
                        for (int k = slot.offset(); k < slot.offset() + slot.length(); k += 4093) {
                            if (slot.array()[k] != mark) {
                                synchronized (overlaps) {
                                    overlaps.add("chunk at " + slot.offset() + " overwritten at " + k);
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        ring.give(slot);
                    }
                }, workers));
                while (pending.size() > 64) {
                    pending.removeFirst().get(10, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(overlaps).isEmpty();
            assertThat(ring.take(12 * MIB).offset()).as("everything given back leaves the whole ring free").isZero();
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void theArrayGrowsOnlyForAChunkLongerThanItOnceTheChunksInFlightAreBack() throws Exception {
        ChunkRing ring = new ChunkRing(2 * MIB, 12 * MIB, 8 * MIB);
        ChunkRing.Slot a = ring.take(MIB);
        ChunkRing.Slot b = ring.take(MIB);
        assertThat(ring.size()).as("chunks that fit do not grow it").isEqualTo(2 * MIB);

        ExecutorService takers = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<ChunkRing.Slot> big = CompletableFuture.supplyAsync(() -> take(ring, 5 * MIB), takers);
            Thread.sleep(100);
            CompletableFuture<ChunkRing.Slot> small = CompletableFuture.supplyAsync(() -> take(ring, MIB / 2), takers);
            Thread.sleep(100);
            ring.give(a);
            Thread.sleep(100);
            assertThat(big).as("the old array still holds a chunk").isNotDone();
            assertThat(small).as("a take that would fit waits while the ring empties to grow").isNotDone();

            ring.give(b);
            ChunkRing.Slot grown = big.get(5, TimeUnit.SECONDS);
            assertThat(ring.size()).as("doubled until the chunk fits").isEqualTo(8 * MIB);
            assertThat(grown.array()).isNotSameAs(a.array()).hasSize(8 * MIB);
            assertThat(grown.offset()).isZero();
            ChunkRing.Slot after = small.get(5, TimeUnit.SECONDS);
            assertThat(after.array()).isSameAs(grown.array());
            assertThat(after.offset()).isEqualTo(5 * MIB);
        } finally {
            takers.shutdownNow();
        }
    }

    @Test
    void aTakeInterruptedWhileWaitingToGrowHoldsNoOtherTakeBack() throws Exception {
        ChunkRing ring = new ChunkRing(2 * MIB, 12 * MIB, 8 * MIB);
        ChunkRing.Slot a = ring.take(MIB);
        CompletableFuture<Throwable> interrupted = new CompletableFuture<>();
        Thread grower = new Thread(() -> {
            try {
                ring.take(5 * MIB);
                interrupted.complete(null);
            } catch (InterruptedIOException e) {
                interrupted.complete(e);
            }
        });
        grower.start();
        Thread.sleep(100);
        grower.interrupt();

        assertThat(interrupted.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class)
                .hasMessage("interrupted while waiting for room for a chunk");
        assertThat(CompletableFuture.supplyAsync(() -> take(ring, MIB / 2)).get(5, TimeUnit.SECONDS).offset())
                .as("the take after it goes on in the old array").isEqualTo(MIB);
        assertThat(ring.size()).isEqualTo(2 * MIB);
        ring.give(a);
    }

    @Test
    void theArrayNeverGrowsBeyondTheCapacity() throws Exception {
        ChunkRing ring = new ChunkRing(3 * MIB, 10 * MIB, 8 * MIB);
        ring.give(ring.take(7 * MIB));
        assertThat(ring.size()).as("3, 6, then 10 rather than 12").isEqualTo(10 * MIB);
        assertThatThrownBy(() -> ring.take(10 * MIB + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a chunk of 10485761 bytes in a ring of 10485760");
    }

    @Test
    void aRingThatCannotHoldTheLargestChunkIsRefused() {
        assertThatThrownBy(() -> new ChunkRing(4 * MIB, 4 * MIB, 8 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ring of 4194304 bytes cannot hold a chunk of 8388608");
    }

    private static ChunkRing.Slot take(ChunkRing ring, int length) {
        try {
            return ring.take(length);
        } catch (InterruptedIOException e) {
            throw new IllegalStateException(e);
        }
    }
}
