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
 */
final class GcmWarmUp {
    private static final int ROUNDS = 3000;
    private static final int LARGE_EVERY = 500;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private GcmWarmUp() {
    }

    static void start() {
        if (STARTED.compareAndSet(false, true)) {
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
