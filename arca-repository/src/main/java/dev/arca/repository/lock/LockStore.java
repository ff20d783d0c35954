package dev.arca.repository.lock;

import dev.arca.repository.SealedObjects;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Takes, refreshes, lists and removes locks. Taking a lock writes it first and then looks for
 * conflicting ones, removing its own again if it finds any: two processes racing for the repository
 * can both lose, but never both win.
 */
public final class LockStore {
    /** How often a held lock is refreshed; far below {@link Lock#STALE_AFTER}. */
    public static final Duration REFRESH_EVERY = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SealedObjects objects;
    private final Clock clock;
    private final String host;
    private final String user;

    public LockStore(SealedObjects objects, Clock clock, String host, String user) {
        this.objects = objects;
        this.clock = clock;
        this.host = host;
        this.user = user;
    }

    /**
     * Takes a lock, waiting up to {@code wait} for conflicting locks to go away.
     *
     * @throws RepositoryLockedException naming the holders when they are still there after {@code wait}
     */
    public HeldLock acquire(boolean exclusive, String operation, Duration wait) throws IOException {
        Instant deadline = clock.instant().plus(wait);
        while (true) {
            Instant now = clock.instant();
            ProcessHandle me = ProcessHandle.current();
            Lock mine = new Lock(null, exclusive, operation, host, me.pid(), me.info().startInstant().orElse(null), user, now, now);
            String name = write(mine);
            List<Lock> conflicts = conflicts(name, exclusive);
            if (conflicts.isEmpty()) {
                return new HeldLock(this, mine.withName(name));
            }
            removeOwn(name);
            if (!clock.instant().isBefore(deadline)) {
                StringBuilder b = new StringBuilder("repository is locked by ");
                for (int i = 0; i < conflicts.size(); i++) {
                    b.append(i == 0 ? "" : "; ").append(conflicts.get(i).describe());
                }
                throw new RepositoryLockedException(b.toString());
            }
            try {
                Thread.sleep(Math.min(2000, Math.max(50, Duration.between(clock.instant(), deadline).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a lock");
            }
        }
    }

    /** Every lock in the repository, with stale ones marked by the caller through {@link Lock#isStale}. */
    public List<Lock> list() throws IOException {
        List<Lock> out = new ArrayList<>();
        List<String> names = objects.names(ObjectKind.LOCKS);
        java.util.Set<String> released = new java.util.HashSet<>();
        for (String name : names) {
            if (name.endsWith(RELEASED)) {
                String lock = name.substring(0, name.length() - RELEASED.length());
                try {
                    if (lock.equals(LockJson.released(objects.load(ObjectKey.of(ObjectKind.LOCKS, name)), name))) {
                        released.add(lock);
                    }
                } catch (dev.arca.storage.ObjectNotFoundException e) {
                    // removed while we listed
                }
            }
        }
        for (String name : names) {
            if (name.endsWith(RELEASED) || released.contains(name)) {
                continue;
            }
            try {
                byte[] json = objects.load(ObjectKey.of(ObjectKind.LOCKS, name));
                out.add(LockJson.read(json, name));
            } catch (dev.arca.storage.ObjectNotFoundException e) {
                // Released while we listed.
            }
        }
        return out;
    }

    /** Removes stale locks (or all locks with {@code all}); returns the ones removed. */
    public List<Lock> removeStale(boolean all) throws IOException {
        List<Lock> removed = new ArrayList<>();
        Instant now = clock.instant();
        for (Lock l : list()) {
            if (all || l.isStale(now, host)) {
                objects.storage().remove(ObjectKey.of(ObjectKind.LOCKS, l.name()));
                removed.add(l);
            }
        }
        // Release notes of append-only runs, and the locks they release.
        for (String name : objects.names(ObjectKind.LOCKS)) {
            if (name.endsWith(RELEASED)) {
                objects.storage().remove(ObjectKey.of(ObjectKind.LOCKS, name.substring(0, name.length() - RELEASED.length())));
                objects.storage().remove(ObjectKey.of(ObjectKind.LOCKS, name));
            }
        }
        return removed;
    }

    private List<Lock> conflicts(String mine, boolean exclusive) throws IOException {
        List<Lock> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Lock l : list()) {
            if (!l.name().equals(mine) && (exclusive || l.exclusive()) && !l.isStale(now, host)) {
                out.add(l);
            }
        }
        return out;
    }

    String write(Lock lock) throws IOException {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String name = HexFormat.of().formatHex(random);
        objects.saveNamed(ObjectKey.of(ObjectKind.LOCKS, name), LockJson.write(lock));
        return name;
    }

    /** Replaces a lock by a fresher copy: the new one is written before the old one is removed. */
    Lock refresh(Lock old) throws IOException {
        Lock fresh = new Lock(null, old.exclusive(), old.operation(), old.host(), old.pid(), old.started(), old.user(),
                old.created(), clock.instant());
        String name = write(fresh);
        removeOwn(old.name());
        return fresh.withName(name);
    }

    void release(Lock lock) throws IOException {
        removeOwn(lock.name());
    }

    /**
     * Removes one of this process's locks. On an append-only medium (an SFTP account that may not
     * remove) it writes a sealed release note {@code <name>.released} instead, which every reader honours;
     * the notes are removed with the lock by anyone who may remove ({@code arca unlock}, prune).
     */
    private void removeOwn(String name) throws IOException {
        try {
            objects.storage().remove(ObjectKey.of(ObjectKind.LOCKS, name));
        } catch (dev.arca.storage.ObjectLockedException e) {
            try {
                objects.saveNamed(ObjectKey.of(ObjectKind.LOCKS, name + RELEASED), LockJson.releaseNote(name));
            } catch (dev.arca.storage.ObjectExistsException again) {
                // released before
            }
        }
    }

    private static final String RELEASED = ".released";

}
