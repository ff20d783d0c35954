package dev.arca.repository.crypto;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JDK's AES-GCM code compiled with its intrinsic before real objects need it.
 *
 * <p>HotSpot compiles a method after enough calls, so 1 MiB objects, one {@code doFinal} each, run
 * interpreted at about 75 MB/s for seconds. Sealing and opening a few thousand small objects on a
 * throw-away key takes a fraction of a second of one background thread and compiles the same call
 * paths. Every few hundred rounds opens an object over 1 MiB, because the JDK splits such inputs on
 * a branch that the compiler would otherwise treat as never taken and deoptimise on later.
 *
 * <p>A JVM started from the launcher's ahead-of-time cache (JDK 25+) already has these methods
 * profiled and compiles them early; there the warm-up only competes with the real work for the two
 * cores, and a restore took 0.2-0.3 s longer with it. The launcher then sets {@value #PROPERTY} to
 * {@code false}. Without the cache (older JDKs, tests, embedding) it stays on: restores were 0.2-0.4 s
 * faster with it (docs/BENCHMARKS.md).
 */
final class GcmWarmUp {
    private static final int ROUNDS = 3000;
    private static final int LARGE_EVERY = 500;
    static final String PROPERTY = "arca.gcmWarmUp";
    private static final boolean ENABLED = !"false".equals(System.getProperty(PROPERTY));
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private GcmWarmUp() {
    }

    static void start() {
        if (ENABLED && STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().name("arca-gcm-warm-up").daemon().start(GcmWarmUp::run);
        }
    }

    private static void run() {
        ObjectCipher cipher = new ObjectCipher(new byte[KeyBytes.LENGTH], new SecureRandom());
        byte[] small = new byte[4096];
        byte[] large = new byte[(1 << 20) + 4096];
        try {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] sample = round % LARGE_EVERY == LARGE_EVERY - 1 ? large : small;
                cipher.open(cipher.seal(sample));
            }
        } catch (AuthenticationException e) {
            throw new IllegalStateException("AES-GCM warm-up: an object sealed a moment ago did not open", e);
        }
    }
}
