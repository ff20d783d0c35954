package dev.arca.protect.backup;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The memory chunks travel in from the readers to the blob workers: one array, used as a ring. A chunk
 * takes the next contiguous stretch after the last one taken, and its stretch is free again once it
 * and every chunk taken before it are given back. The ring's size is what bounds a backup's memory,
 * whatever the data.
 *
 * <p>One array allocated once, rather than an array per chunk, is what keeps the collector quiet and the
 * heap small. Chunks range from half a mebibyte to eight, and a pool of whole-mebibyte arrays still
 * dropped and allocated arrays as the sizes in flight changed: 123 MB of them in a first backup of the
 * benchmark's 1.37 GB, each copied out of the young generation while it waited in the pipeline and then
 * left to die in the old one, which the heap's resident size kept (docs/BENCHMARKS.md, "2026-11-27, a
 * seventh machine").
 *
 * <p>Chunks are mostly given back in the order they were taken, as the blob workers take them in that
 * order; one that is given back early frees its stretch when the chunks before it are given back too.
 *
 * <p>The array starts small and doubles, up to the ring's capacity, only when a chunk longer than the
 * whole array comes: the ring empties first, and the new array replaces the old. Every byte of the array
 * is touched as the chunks go round it, so its size is resident memory for the whole backup; most chunks
 * are near the normal size, and a few in flight keep both blob workers busy (docs/BENCHMARKS.md, "an
 * eighteenth machine").
 */
final class ChunkRing {
    /** Where a chunk lies: {@code array[offset .. offset + length)}. */
    record Slot(byte[] array, int offset, int length) {
    }

    private byte[] ring;
    private final int capacity;
    /** Slots taken and not yet freed, oldest first: the live stretch runs from the first's offset to {@link #head}. */
    private final ArrayDeque<Slot> taken = new ArrayDeque<>();
    /** Offsets of slots given back while an older one is still out. */
    private final Set<Integer> givenEarly = new HashSet<>();
    private int head;
    /** Takes waiting for the ring to empty so that the array can grow; other takes wait for them. */
    private int growers;

    /** A ring whose array starts at {@code start} bytes (at most {@code capacity}) and grows up to {@code capacity}. */
    ChunkRing(int start, int capacity, int largestChunk) {
        if (capacity < largestChunk) {
            throw new IllegalArgumentException("a ring of " + capacity + " bytes cannot hold a chunk of " + largestChunk);
        }
        if (start < 1) {
            throw new IllegalArgumentException("a ring cannot start at " + start + " bytes");
        }
        this.capacity = capacity;
        this.ring = new byte[Math.min(start, capacity)];
    }

    /** Room for a chunk of {@code length} bytes; waits while the chunks in flight leave no such stretch. */
    synchronized Slot take(int length) throws InterruptedIOException {
        if (length < 1 || length > capacity) {
            throw new IllegalArgumentException("a chunk of " + length + " bytes in a ring of " + capacity);
        }
        if (length > ring.length) {
            growers++;
            try {
                while (length > ring.length) {
                    if (taken.isEmpty()) {
                        grow(length);
                    } else {
                        await();
                    }
                }
            } finally {
                growers--; // also when interrupted, so that the other takes are not held back for good
                notifyAll();
            }
        }
        int at;
        while ((at = growers > 0 ? -1 : place(length)) < 0) {
            await();
        }
        Slot slot = new Slot(ring, at, length);
        taken.addLast(slot);
        head = at + length;
        return slot;
    }

    /** Doubles the (empty) array until {@code length} fits, up to the capacity. */
    private void grow(int length) {
        int size = ring.length;
        while (size < length) {
            size = (int) Math.min(capacity, 2L * size);
        }
        ring = new byte[size];
        head = 0;
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for room for a chunk");
        }
    }

    /** The array's size now, which is the memory the ring holds. */
    synchronized int size() {
        return ring.length;
    }

    /** Returns a slot from {@link #take}: the chunk it held is done with. */
    synchronized void give(Slot slot) {
        if (taken.peekFirst() != slot) {
            givenEarly.add(slot.offset());
            return;
        }
        taken.removeFirst();
        while (!taken.isEmpty() && givenEarly.remove(taken.peekFirst().offset())) {
            taken.removeFirst();
        }
        if (taken.isEmpty()) {
            head = 0; // the whole ring is free: start over at its beginning, where the longest stretch is
        }
        notifyAll();
    }

    /** Where a chunk of {@code length} bytes can go now, or -1. */
    private int place(int length) {
        if (taken.isEmpty()) {
            return 0;
        }
        int tail = taken.peekFirst().offset();
        if (head > tail) {
            // Live: [tail, head). Free: [head, end) and, wrapping around, [0, tail).
            if (ring.length - head >= length) {
                return head;
            }
            return tail >= length ? 0 : -1;
        }
        // Wrapped. Live: [tail, end) and [0, head); free: [head, tail), none when they meet.
        return tail - head >= length ? head : -1;
    }
}
