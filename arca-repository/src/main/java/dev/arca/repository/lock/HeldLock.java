package dev.arca.repository.lock;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock this process holds, refreshed in the background until closed, so that a long backup is
 * never mistaken for a dead one.
 */
public final class HeldLock implements AutoCloseable {
    private final LockStore store;
    private final ScheduledExecutorService refresher;
    private volatile Lock lock;
    private volatile IOException refreshFailure;

    HeldLock(LockStore store, Lock lock) {
        this.store = store;
        this.lock = lock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arca-lock-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = LockStore.REFRESH_EVERY.toMillis();
        refresher.scheduleAtFixedRate(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    public Lock lock() {
        return lock;
    }

    /** Refreshes now; the scheduler calls this, and tests call it directly. */
    public synchronized void refresh() {
        try {
            lock = store.refresh(lock);
        } catch (IOException e) {
            refreshFailure = e;
        }
    }

    /** The last refresh failure, if any: an operation holding a lock it cannot refresh should stop. */
    public IOException refreshFailure() {
        return refreshFailure;
    }

    @Override
    public synchronized void close() throws IOException {
        refresher.shutdownNow();
        store.release(lock);
    }
}
