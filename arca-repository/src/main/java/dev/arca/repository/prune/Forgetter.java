package dev.arca.repository.prune;

import dev.arca.repository.Repository;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.lock.LockStore;
import dev.arca.repository.snapshot.SnapshotNotFoundException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Removes snapshot documents: the step of {@code arca forget} after retention has chosen what goes. The
 * data stays until prune. It takes the exclusive lock because a check or prune that listed a snapshot
 * must still find it: a snapshot vanishing under a check would be reported as damage.
 */
public final class Forgetter {
    private final Repository repository;

    public Forgetter(Repository repository) {
        this.repository = repository;
    }

    /** Forgets under an exclusive lock taken for the duration. */
    public List<String> forget(Collection<String> ids, boolean dryRun, LockStore locks, Duration wait) throws IOException {
        try (HeldLock lock = locks.acquire(true, "forget", wait)) {
            return forget(ids, dryRun, lock);
        }
    }

    /**
     * Forgets the snapshots with these full ids, under an exclusive lock the caller holds; with
     * {@code dryRun} only checks that they exist. All are looked up before any is removed, so that a
     * wrong id removes nothing. A damaged snapshot document can be forgotten too: after {@code arca
     * check} names one, forgetting it is how the repository is made sound again.
     *
     * @return the ids forgotten (or that would be)
     * @throws SnapshotNotFoundException naming the first id that is not in the repository
     */
    public List<String> forget(Collection<String> ids, boolean dryRun, HeldLock lock) throws IOException {
        Pruner.requireExclusive(lock, "forget");
        List<ObjectKey> doomed = new ArrayList<>();
        for (String id : ids) {
            ObjectKey key = ObjectKey.of(ObjectKind.SNAPSHOTS, id);
            if (repository.storage().stat(key).isEmpty()) {
                throw new SnapshotNotFoundException("snapshot " + id + ": not in the repository (forgotten already?); "
                        + "nothing was forgotten");
            }
            doomed.add(key);
        }
        List<String> forgotten = new ArrayList<>();
        for (ObjectKey key : doomed) {
            if (!dryRun) {
                try {
                    repository.storage().remove(key);
                } catch (dev.arca.storage.ObjectLockedException e) {
                    continue; // immutable: kept until its period ends, and not reported as forgotten
                }
            }
            forgotten.add(key.name());
        }
        return forgotten;
    }
}
