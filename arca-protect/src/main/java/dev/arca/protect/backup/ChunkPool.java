package dev.arca.protect.backup;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The arrays chunks travel in from the readers to the blob workers, reused and bounded in total size.
 * The bound is what limits a backup's memory, whatever the data; reuse is what keeps the collector
 * quiet: arrays that live for the whole backup cost nothing to collect, while a fresh megabyte per chunk
 * would be copied between young-generation spaces while it waits in the pipeline. Capacities are whole
 * mebibytes, and a chunk takes the smallest free array that holds it, up to twice its own size: chunks
 * straddle the 1 MiB boundary all the time, and a pool that kept each size to its own arrays dropped and
 * allocated an array for more than half the chunks of a backup (767 MB of arrays for 1.37 GB of data,
 * each promoted to the old generation before it died there).
 */
final class ChunkPool {
    private static final int UNIT = 1 << 20;

    private final long budget;
    private final ArrayDeque<byte[]>[] free;
    private long allocated;

    @SuppressWarnings("unchecked")
    ChunkPool(long budget, int largestChunk) {
        if (budget < capacity(largestChunk)) {
            throw new IllegalArgumentException("a pool of " + budget + " bytes cannot hold a chunk of " + largestChunk);
        }
        this.budget = budget;
        this.free = new ArrayDeque[units(largestChunk)];
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** An array of at least {@code length} bytes; waits while the pool's budget is taken by chunks in flight. */
    synchronized byte[] take(int length) throws InterruptedIOException {
        int units = units(length);
        int largest = Math.min(free.length, 2 * units);
        while (true) {
            for (int u = units; u <= largest; u++) {
                byte[] reused = free[u - 1].pollFirst();
                if (reused != null) {
                    return reused;
                }
            }
            if (allocated + (long) units * UNIT <= budget) {
                allocated += (long) units * UNIT;
                return new byte[units * UNIT];
            }
            if (!dropOneFree()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for room for a chunk");
                }
            }
        }
    }

    /** Returns an array from {@link #take}; the chunk it held is done with. */
    synchronized void give(byte[] array) {
        free[array.length / UNIT - 1].addFirst(array);
        notifyAll();
    }

    /** Lets the collector have a free array that does not fit, to make room for the size now wanted. */
    private boolean dropOneFree() {
        for (ArrayDeque<byte[]> arrays : free) {
            byte[] dropped = arrays.pollLast();
            if (dropped != null) {
                allocated -= dropped.length;
                return true;
            }
        }
        return false;
    }

    private static int units(int length) {
        return Math.max(1, (int) ((length + (long) UNIT - 1) / UNIT));
    }

    private static long capacity(int length) {
        return (long) units(length) * UNIT;
    }
}
