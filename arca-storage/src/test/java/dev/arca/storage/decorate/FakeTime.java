package dev.arca.storage.decorate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only when someone sleeps, so that waiting is instant and its amount is exact. */
final class FakeTime implements InstantSource, Sleeper {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        synchronized (this) {
            now = now.plus(duration);
        }
        sleeps.add(duration);
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
