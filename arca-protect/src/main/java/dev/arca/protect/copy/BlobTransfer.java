package dev.arca.protect.copy;

import dev.arca.repository.BlobType;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves blobs from the source into the target on a few threads: each is read and verified against its
 * id by the source, then compressed and sealed under the target's key with the same id. Every
 * {@code flushEvery} stored bytes it waits for the blobs in flight and flushes the target, so that an
 * interrupted copy leaves them indexed and the next run skips them.
 */
final class BlobTransfer implements AutoCloseable {
    private final Repository source;
    private final Repository target;
    private final long flushEvery;
    private final ExecutorService workers;
    /** Bounds the blobs in flight, and so the memory: each may be up to the chunker's maximum size. */
    private final Semaphore inFlight;
    private final List<Future<?>> pending = new ArrayList<>();
    private final AtomicLong sinceFlush = new AtomicLong();

    BlobTransfer(Repository source, Repository target, int threads, long flushEvery) {
        this.source = source;
        this.target = target;
        this.flushEvery = flushEvery;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "arca-copy");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(2 * threads);
    }

    /** Sends a blob the target lacks in the background; blocks only while too many are in flight. */
    void send(BlobType type, BlobId id, Tally tally) throws IOException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying blob " + id.hex());
        }
        pending.add(workers.submit(() -> {
            try {
                Repository.EncodedBlob blob;
                try {
                    // Verified here, then sealed again as it is: the data is not compressed a second time.
                    blob = source.loadEncodedBlob(id);
                } catch (IOException e) {
                    throw new SourceDamage(id, e);
                }
                count(target.saveEncodedBlob(type, blob), tally);
                return null;
            } finally {
                inFlight.release();
            }
        }));
        flushIfDue();
    }

    /** Stores a blob whose plaintext the caller has already read and verified (a tree it walked). */
    void save(BlobType type, BlobId id, byte[] plain, Tally tally) throws IOException {
        count(target.saveBlob(type, id, plain, 0, plain.length), tally);
    }

    private void count(Repository.Saved saved, Tally tally) {
        if (saved.added()) {
            tally.sent.incrementAndGet();
            tally.bytes.addAndGet(saved.storedLength());
            sinceFlush.addAndGet(saved.storedLength());
        } else {
            tally.skipped.incrementAndGet();
        }
    }

    /**
     * Waits for every blob sent so far. A failure to store in the target is thrown first, since it ends
     * the copy; otherwise the first blob that could not be read from the source is thrown as a
     * {@link SourceDamage}.
     */
    void drain() throws IOException {
        IOException sourceFailure = null;
        IOException targetFailure = null;
        try {
            for (Future<?> f : pending) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SourceDamage d) {
                        sourceFailure = sourceFailure == null ? d : sourceFailure;
                    } else if (targetFailure == null) {
                        targetFailure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for blobs to be copied");
        } finally {
            pending.clear();
        }
        if (targetFailure != null) {
            throw targetFailure;
        }
        if (sourceFailure != null) {
            throw sourceFailure;
        }
    }

    /** Waits for the blobs in flight and makes everything stored so far durable and indexed in the target. */
    void flush() throws IOException {
        try {
            drain();
        } catch (SourceDamage d) {
            // The blobs that did arrive are kept: the next run need not send them again.
            flushTarget();
            throw d;
        }
        flushTarget();
    }

    private void flushTarget() throws IOException {
        target.flush();
        sinceFlush.set(0);
    }

    private void flushIfDue() throws IOException {
        if (sinceFlush.get() >= flushEvery) {
            flush();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
