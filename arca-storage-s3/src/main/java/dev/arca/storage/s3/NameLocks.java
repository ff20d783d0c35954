package dev.arca.storage.s3;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per object name, held by a save from its existence check to its upload. Some S3 servers check
 * {@code If-None-Match} and store in two steps, so two saves of one name racing through them both win; within
 * this JVM the lock makes exactly one win whatever the server does. A lock exists only while a save of its
 * name runs, so memory stays bounded by the number of saves in flight.
 */
final class NameLocks {
    private final ConcurrentHashMap<String, Entry> held = new ConcurrentHashMap<>();

    <T> T run(String name, Body<T> body) throws IOException {
        Entry entry = held.compute(name, (ignored, existing) -> (existing == null ? new Entry() : existing).join());
        entry.lock.lock();
        try {
            return body.run();
        } finally {
            entry.lock.unlock();
            held.computeIfPresent(name, (ignored, existing) -> existing.leave() ? null : existing);
        }
    }

    /** How many names are locked now; zero when no save runs. */
    int size() {
        return held.size();
    }

    @FunctionalInterface
    interface Body<T> {
        T run() throws IOException;
    }

    /** Its user count is changed only inside the map's atomic compute calls, so it needs no lock of its own. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;

        Entry join() {
            users++;
            return this;
        }

        boolean leave() {
            return --users == 0;
        }
    }
}
