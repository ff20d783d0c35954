package dev.arca.storage.decorate;

import java.time.Duration;

/** Waits; injected so that tests of back-off and throttling run instantly and deterministically. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return Thread::sleep;
    }

    void sleep(Duration duration) throws InterruptedException;
}
