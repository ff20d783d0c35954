package dev.arca.protect.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkPoolTest {
    private static final int MIB = 1 << 20;

    @Test
    void arraysAreWholeMebibytesAndComeBackForTheNextChunkOfTheirSize() throws Exception {
        ChunkPool pool = new ChunkPool(12L * MIB, 8 * MIB);

        byte[] first = pool.take(MIB + 1);
        assertThat(first).hasSize(2 * MIB);
        pool.give(first);

        assertThat(pool.take(2 * MIB)).isSameAs(first);
        assertThat(pool.take(1)).hasSize(MIB);
    }

    @Test
    void aChunkTakesTheSmallestFreeArrayThatHoldsItUpToTwiceItsSize() throws Exception {
        ChunkPool pool = new ChunkPool(16L * MIB, 8 * MIB);
        byte[] four = pool.take(4 * MIB);
        byte[] two = pool.take(2 * MIB);
        byte[] three = pool.take(3 * MIB);
        pool.give(four);
        pool.give(two);
        pool.give(three);

        assertThat(pool.take(MIB + 1)).isSameAs(two);
        assertThat(pool.take(2 * MIB)).isSameAs(three);
        assertThat(pool.take(MIB)).as("a 4 MiB array is more than twice what a 1 MiB chunk needs").hasSize(MIB);
        assertThat(pool.take(2 * MIB)).isSameAs(four);
    }

    @Test
    void aTakeBeyondTheBudgetWaitsUntilAChunkIsGivenBack() throws Exception {
        ChunkPool pool = new ChunkPool(10L * MIB, 8 * MIB);
        byte[] big = pool.take(8 * MIB);
        byte[] small = pool.take(2 * MIB);

        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take(MIB);
            } catch (java.io.InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        pool.give(small);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isSameAs(small);
        assertThat(big).hasSize(8 * MIB);
    }

    @Test
    void freeArraysOfOtherSizesMakeRoomInsteadOfBlocking() throws Exception {
        ChunkPool pool = new ChunkPool(9L * MIB, 8 * MIB);
        for (int i = 0; i < 9; i++) {
            pool.give(pool.take(MIB));
        }
        byte[] one = pool.take(MIB);
        pool.give(one);

        assertThat(pool.take(8 * MIB)).hasSize(8 * MIB);
    }

    @Test
    void aBudgetThatCannotHoldTheLargestChunkIsRefused() {
        assertThatThrownBy(() -> new ChunkPool(4L * MIB, 8 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a pool of 4194304 bytes cannot hold a chunk of 8388608");
    }
}
