package dev.arca.repository.pack;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The aligned buffers in which a packer's writers stage pack bytes for direct I/O: a fixed number, shared
 * by every pack of the packer, so that a pack being finished and the next one being filled together hold
 * no more memory than one. A buffer is taken to be filled and given back when its write is
 * done; taking waits while all are in use, which is what bounds a backup to the disk's pace.
 */
final class StagingBuffers {
    /**
     * Bytes per buffer: a backup's blobs average 1 MiB, and direct writes of whole mebibytes were 4-6%
     * faster for a first backup than of 256 KiB (docs/BENCHMARKS.md, "an eighth machine").
     */
    static final int SIZE = 1 << 20;
    /** Direct I/O needs buffers, positions and lengths aligned to the device's blocks; 4 KiB covers 512 too. */
    static final int ALIGNMENT = 4096;

    private final Semaphore available;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

    StagingBuffers(int count) {
        this.available = new Semaphore(count);
    }

    /** An empty buffer of {@link #SIZE} bytes; waits while every buffer is being written. */
    ByteBuffer take() throws InterruptedIOException {
        try {
            available.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a pack buffer");
        }
        ByteBuffer reused = free.poll();
        // Allocated on first use and kept: direct buffers are dear to allocate and only freed by the collector.
        ByteBuffer buffer = reused != null ? reused : ByteBuffer.allocateDirect(SIZE + ALIGNMENT).alignedSlice(ALIGNMENT);
        return buffer.clear().limit(SIZE);
    }

    /** Gives back a buffer from {@link #take}, once nothing reads or writes it any more. */
    void give(ByteBuffer buffer) {
        free.add(buffer);
        available.release();
    }
}
