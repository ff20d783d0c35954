package dev.arca.protect.restore;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Tree;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Loads the trees of a snapshot, fetching a directory's subtrees in the background as soon as the
 * directory is seen. The walk itself stays in order on one thread, but on remote storage it would
 * otherwise spend the whole planning phase waiting for one small read after another.
 */
final class TreeSource {
    private final Repository repo;
    private final Executor pool;
    private final ConcurrentMap<String, CompletableFuture<Tree>> ahead = new ConcurrentHashMap<>();

    TreeSource(Repository repo, Executor pool) {
        this.repo = repo;
        this.pool = pool;
    }

    /** Starts loading a tree that {@link #take} will be asked for soon. */
    void prefetch(String id) {
        ahead.computeIfAbsent(id, key -> CompletableFuture.supplyAsync(() -> {
            try {
                return load(key);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, pool));
    }

    /** The snapshot's root tree. */
    Tree root(Snapshot snapshot) throws IOException {
        if (snapshot.tree() == null) {
            throw new CorruptObjectException("snapshot " + snapshot.shortId() + " names no root tree");
        }
        return take(snapshot.tree());
    }

    /** The tree with this id, verified; prefetched trees are handed out once and then forgotten. */
    Tree take(String id) throws IOException {
        CompletableFuture<Tree> pending = ahead.remove(id);
        if (pending == null) {
            return load(id);
        }
        return Completion.await(pending, "loading tree " + id);
    }

    private Tree load(String id) throws IOException {
        BlobId blob;
        try {
            blob = BlobId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("tree id is invalid: " + e.getMessage(), e);
        }
        return Tree.decode(id, repo.loadBlob(blob));
    }
}
