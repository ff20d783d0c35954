package dev.arca.protect.restore;

import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Streams a file's blobs in order while the next few load and verify in parallel: a stream can
 * only be written front to back, but it need not wait for one read at a time. At most {@code depth}
 * blobs are held, which bounds memory.
 */
final class BlobWindow {
    private final Repository repo;
    private final ExecutorService pool;
    private final int depth;

    BlobWindow(Repository repo, ExecutorService pool, int depth) {
        this.repo = repo;
        this.pool = pool;
        this.depth = depth;
    }

    /** Writes the blobs to {@code out} in order; returns the bytes written. Nothing unverified is written. */
    long copy(List<BlobId> ids, OutputStream out) throws IOException {
        ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
        BlobId last = null;
        Future<byte[]> lastLoad = null;
        int next = 0;
        long written = 0;
        try {
            while (next < ids.size() || !ahead.isEmpty()) {
                while (ahead.size() < depth && next < ids.size()) {
                    BlobId id = ids.get(next++);
                    // A run of one repeated blob (zeros, most often) is loaded once.
                    if (!id.equals(last)) {
                        last = id;
                        lastLoad = pool.submit(() -> repo.readBlob(id));
                    }
                    ahead.add(lastLoad);
                }
                byte[] blob = Completion.await(ahead.poll(), "reading a blob");
                out.write(blob);
                written += blob.length;
            }
        } finally {
            ahead.forEach(load -> load.cancel(true));
        }
        out.flush();
        return written;
    }
}
