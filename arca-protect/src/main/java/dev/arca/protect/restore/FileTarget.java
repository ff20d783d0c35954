package dev.arca.protect.restore;

import dev.arca.repository.tree.Node;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A regular file being restored. Its blobs arrive from many threads in any order; it counts the
 * placements still missing so that whichever thread places the last one finishes the file (applies
 * metadata, or removes it if damaged), without a central coordinator.
 */
final class FileTarget {
    final RestorePlan.Entry entry;
    final long size;
    private final AtomicInteger pending;
    private final AtomicReference<String> damage = new AtomicReference<>();
    private boolean created;
    private boolean retired;

    FileTarget(RestorePlan.Entry entry, long size, int placements) {
        this.entry = entry;
        this.size = size;
        this.pending = new AtomicInteger(placements);
    }

    /**
     * Opens the file for positional writes. The first call creates it, readable only by its owner
     * until the final mode is applied, and at its full length, so that unwritten zero blobs stay
     * holes and the length is right even if the last blob is one.
     */
    synchronized FileChannel open() throws IOException {
        if (!created) {
            return create();
        }
        try {
            return FileChannel.open(entry.path(), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw Placement.failure("write", entry.path(), e);
        }
    }

    /** Creates the file if no blob was written to it (it is empty, or nothing but holes). */
    synchronized void ensureCreated() throws IOException {
        if (!created) {
            create().close();
        }
    }

    /**
     * Creates the file before its first blob arrives, unless it is already created, damaged or
     * retired: a damaged file must not reappear, empty and full of zeros, after it was removed.
     */
    synchronized void createAhead() throws IOException {
        if (!created && !retired && damage.get() == null) {
            create().close();
        }
    }

    /** Stops anything from creating the file from now on; returns whether it was created. */
    synchronized boolean retire() {
        retired = true;
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

    private FileChannel create() throws IOException {
        Placement.privateFile(entry.path());
        created = true;
        try {
            RandomAccessFile file = new RandomAccessFile(entry.path().toFile(), "rw");
            try {
                file.setLength(size);
            } catch (IOException e) {
                file.close();
                throw e;
            }
            return file.getChannel();
        } catch (IOException e) {
            throw Placement.failure("write", entry.path(), e);
        }
    }
}
