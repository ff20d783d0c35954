package dev.arca.protect.restore;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A regular file being restored. Its blobs arrive from many threads in any order; it counts the
 * placements still missing so that whichever thread places the last one finishes the file (applies
 * metadata, or removes it if damaged), without a central coordinator.
 *
 * <p>The channel that creates the file stays open for its writers until the file is finished, when
 * one of a bounded number of slots is free: a restore of many small files then costs one open per
 * file instead of one to create it and one per pack range that writes to it. Without a slot a
 * writer opens the file for its range and closes it after.
 */
final class FileTarget {
    final RestorePlan.Entry entry;
    final long size;
    private final AtomicInteger pending;
    private final AtomicReference<String> damage = new AtomicReference<>();
    /** The end of the furthest blob written: below {@link #size} when the file ends in a hole. */
    private final AtomicLong written = new AtomicLong();
    private boolean created;
    private boolean retired;
    private FileChannel kept;
    /** The slots {@link #kept} holds one of, given back when it closes. */
    private Semaphore keptSlots;

    FileTarget(RestorePlan.Entry entry, long size, int placements) {
        this.entry = entry;
        this.size = size;
        this.pending = new AtomicInteger(placements);
    }

    /**
     * A channel for positional writes, creating the file, readable only by its owner until the final
     * mode is applied, on the first call. Give it back with {@link #release}.
     */
    synchronized FileChannel open(Semaphore slots) throws IOException {
        if (!created) {
            FileChannel channel = create(slots.tryAcquire() ? slots : null);
            if (channel != null) {
                return channel; // not kept: this writer closes it when it gives it back
            }
        }
        if (kept != null) {
            return kept;
        }
        try {
            return FileChannel.open(entry.path(), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw Placement.failure("write", entry.path(), e);
        }
    }

    /** Gives back a channel from {@link #open}: closes it unless it is the one kept open. */
    void release(FileChannel channel) throws IOException {
        if (channel != keptChannel()) {
            channel.close();
        }
    }

    /** Records that bytes up to {@code end} are written. */
    void wrote(long end) {
        written.accumulateAndGet(end, Math::max);
    }

    /**
     * Creates the file before its first blob arrives, holding one of {@code slots}, unless it is already
     * created, damaged or retired (a damaged file must not reappear, empty and full of zeros, after it was
     * removed). Returns whether it kept the slot; if not, the caller gives the slot back.
     */
    synchronized boolean createAhead(Semaphore slots) throws IOException {
        if (created || retired || damage.get() != null) {
            return false;
        }
        create(slots);
        return true;
    }

    /**
     * Completes the content once every blob is placed: creates a file that had nothing to write (empty,
     * or nothing but holes), gives it its full length if it ends in a hole, and closes the kept channel.
     */
    synchronized void complete() throws IOException {
        FileChannel fresh = created ? null : create(null);
        try (fresh) {
            closeKept();
            if (written.get() < size) {
                try (RandomAccessFile file = new RandomAccessFile(entry.path().toFile(), "rw")) {
                    file.setLength(size);
                }
            }
        } catch (IOException e) {
            throw Placement.failure("write", entry.path(), e);
        }
    }

    /** Stops anything from creating the file from now on and closes it; returns whether it was created. */
    synchronized boolean retire() {
        retired = true;
        try {
            closeKept();
        } catch (IOException e) {
            // The file is about to be removed as damaged; a failed close changes nothing about that.
        }
        return created;
    }

    /** Marks the file as not restorable; the first reason is the one reported. */
    void damage(String reason) {
        damage.compareAndSet(null, reason);
    }

    /** Why the file cannot be restored, or null. */
    String damage() {
        return damage.get();
    }

    /** Whether blobs are still to be placed; false from the start for an empty file. */
    boolean awaitsBlobs() {
        return pending.get() > 0;
    }

    /** Counts placements done (written, left as holes, or failed); true for the call that completes the file. */
    boolean placed(int count) {
        return pending.addAndGet(-count) == 0;
    }

    private synchronized FileChannel keptChannel() {
        return kept;
    }

    /**
     * Creates the file and keeps its channel open if {@code slot} holds a slot for it; returns the channel
     * when it is not kept, for the caller to use and close.
     */
    private FileChannel create(Semaphore slot) throws IOException {
        FileChannel channel;
        try {
            channel = Placement.privateFile(entry.path());
        } catch (IOException e) {
            if (slot != null) {
                slot.release();
            }
            throw e;
        }
        created = true;
        if (slot == null) {
            return channel;
        }
        kept = channel;
        keptSlots = slot;
        return null;
    }

    private void closeKept() throws IOException {
        if (kept != null) {
            FileChannel channel = kept;
            kept = null;
            keptSlots.release();
            channel.close();
        }
    }
}
