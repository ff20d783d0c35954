package dev.arca.repository.pack;

import dev.arca.repository.BlobType;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutionException;

/**
 * Collects sealed blobs from many threads into packs and stores each pack when it is full, in the
 * background, while the callers go on. Packs are composed in scratch files of the storage
 * ({@link Storage#scratchFile()}), not in memory. At most {@code uploads + 1} finished packs wait for
 * storage, which bounds the scratch space and makes fast readers wait for slow storage instead of
 * piling up.
 *
 * <p>{@code onStored} runs after a pack is durably stored, never before: only then may its blobs be
 * listed in an index, so an index never names a pack that is not there.
 */
public final class Packer implements AutoCloseable {
    /** Told about each stored pack, on an upload thread. */
    @FunctionalInterface
    public interface Listener {
        void stored(FinishedPack pack) throws IOException;
    }

    private final Storage storage;
    private final ObjectCipher cipher;
    private final int packSize;
    private final Listener listener;
    private final ExecutorService uploaders;
    /** Writes the packs' scratch files, so that blob writers do not wait for the disk while holding the lock. */
    private final ExecutorService writes;
    /** Four mebibytes in all: enough for a few blobs in flight to the disk, shared by the pack being finished. */
    private final StagingBuffers buffers = new StagingBuffers(4);
    private final Semaphore inFlight;
    private final List<Future<?>> pending = new ArrayList<>();
    private PackWriter current;
    /** The first upload failure, so that callers stop feeding a packer whose packs cannot be stored. */
    private volatile IOException failure;

    public Packer(Storage storage, ObjectCipher cipher, int packSize, int uploads, Listener listener) {
        this.storage = storage;
        this.cipher = cipher;
        this.packSize = packSize;
        this.listener = listener;
        this.uploaders = Executors.newFixedThreadPool(uploads, r -> {
            Thread t = new Thread(r, "arca-pack-upload");
            t.setDaemon(true);
            return t;
        });
        // Two, so that a slow direct write does not hold up the next (the pack's writes go to distinct offsets).
        this.writes = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "arca-pack-write");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(uploads + 1);
    }

    /** Adds a sealed blob; may block while full packs wait for storage. */
    public void add(BlobType type, BlobId id, byte[] sealed, int rawLength) throws IOException {
        add(type, id, sealed, sealed.length, rawLength);
    }

    /** Adds the sealed blob {@code sealed[0 .. sealedLength)}; the array may be reused once this returns. */
    public void add(BlobType type, BlobId id, byte[] sealed, int sealedLength, int rawLength) throws IOException {
        add(type, id, sealed, 0, sealedLength, rawLength);
    }

    /**
     * Adds the sealed blob {@code sealed[offset .. offset + sealedLength)}; the array may be reused once this
     * returns. Prune copies blobs this way straight out of the pack range it read.
     */
    public void add(BlobType type, BlobId id, byte[] sealed, int offset, int sealedLength, int rawLength)
            throws IOException {
        Objects.checkFromIndexSize(offset, sealedLength, sealed.length);
        checkHealthy();
        PackWriter full = null;
        synchronized (this) {
            try {
                if (current == null) {
                    current = new PackWriter(cipher, storage.scratchFile(), buffers, writes);
                }
                current.add(type, id, sealed, offset, sealedLength, rawLength);
            } catch (IOException e) {
                // A half-written blob leaves the pack unusable, and the blobs already in it with it.
                throw failed(e);
            }
            if (current.size() >= packSize) {
                full = current;
                current = null;
            }
        }
        // Sealing the header and waiting for the last writes happen outside the lock, so other threads keep packing.
        if (full != null) {
            submit(finish(full));
        }
    }

    /** Records the first failure and drops the pack being filled: nothing in it can be stored any more. */
    private synchronized IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
        if (current != null) {
            current.discard();
            current = null;
        }
        return e;
    }

    private FinishedPack finish(PackWriter writer) throws IOException {
        try {
            return writer.finish();
        } catch (IOException e) {
            writer.discard();
            throw failed(e);
        }
    }

    /** Fails if an earlier pack could not be stored, so callers stop before doing more work for nothing. */
    public void checkHealthy() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("an earlier pack could not be stored: " + failed.getMessage(), failed);
        }
    }

    /** Stores the partly filled pack and waits until every pack is stored; rethrows the first failure. */
    public void flush() throws IOException {
        checkHealthy();
        PackWriter last;
        synchronized (this) {
            last = current;
            current = null;
        }
        if (last != null && last.isEmpty()) {
            last.discard();
        } else if (last != null) {
            submit(finish(last));
        }
        List<Future<?>> waiting;
        synchronized (pending) {
            waiting = new ArrayList<>(pending);
            pending.clear();
        }
        for (Future<?> f : waiting) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while storing packs");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("storing a pack failed: " + e.getCause(), e.getCause());
            }
        }
        checkHealthy();
    }

    private void submit(FinishedPack pack) throws IOException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to store a pack");
        }
        Future<?> f = uploaders.submit(() -> {
            try {
                try {
                    storage.save(ObjectKey.of(ObjectKind.DATA, pack.name()), pack.file());
                } catch (ObjectExistsException e) {
                    // A random name that exists was stored by an earlier attempt of this same upload (a retry).
                } finally {
                    java.nio.file.Files.deleteIfExists(pack.file());
                }
                listener.stored(pack);
                return null;
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
                throw e;
            } finally {
                inFlight.release();
            }
        });
        synchronized (pending) {
            pending.add(f);
        }
    }

    /** Stops the uploads; a pack still being filled is dropped with its scratch file (a later flush is not possible). */
    @Override
    public void close() {
        uploaders.shutdownNow();
        synchronized (this) {
            if (current != null) {
                current.discard();
                current = null;
            }
        }
        // Not shutdownNow: a write dropped from the queue would leave a writer waiting for it forever.
        // What is queued is at most a few mebibytes and finishes on its own.
        writes.shutdown();
    }
}
