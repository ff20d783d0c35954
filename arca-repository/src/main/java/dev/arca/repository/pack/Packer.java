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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutionException;

/**
 * Collects sealed blobs from many threads into packs and stores each pack when it is full, in the
 * background, while the callers go on. At most {@code uploads + 1} finished packs wait in memory,
 * which bounds memory and makes fast readers wait for slow storage instead of piling up.
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
        this.inFlight = new Semaphore(uploads + 1);
    }

    /** Adds a sealed blob; may block while full packs wait for storage. */
    public void add(BlobType type, BlobId id, byte[] sealed, int rawLength) throws IOException {
        checkHealthy();
        PackWriter full = null;
        synchronized (this) {
            if (current == null) {
                current = new PackWriter(cipher, packSize + (packSize >> 3));
            }
            current.add(type, id, sealed, rawLength);
            if (current.size() >= packSize) {
                full = current;
                current = null;
            }
        }
        // Sealing the header and hashing 16 MiB happen outside the lock, so other threads keep packing.
        if (full != null) {
            submit(full.finish());
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
        FinishedPack last = null;
        synchronized (this) {
            if (current != null && !current.isEmpty()) {
                last = current.finish();
            }
            current = null;
        }
        if (last != null) {
            submit(last);
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
                    storage.save(ObjectKey.of(ObjectKind.DATA, pack.name()), pack.bytes());
                } catch (ObjectExistsException e) {
                    // Identical content under a content hash: already stored by an earlier attempt.
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

    @Override
    public void close() {
        uploaders.shutdownNow();
    }
}
