package dev.arca.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * A soft limit on the old generation for the commands whose heap grows with the repository (check,
 * prune, forget, copy). The serial collector makes room for what a young collection promotes by
 * growing the old generation, and collects it in full only once the heap cannot grow: so the old
 * generation keeps every promoted object that died since, and a check of 513,000 blobs peaked at 408 MiB
 * where its live data fit in a 120 MiB heap (docs/BENCHMARKS.md, "2026-11-27, a sixth machine"). Each page
 * touched once costs a page fault, which on some virtual machines is dear.
 *
 * <p>After a young collection leaves the old generation the policy's factor times fuller than the
 * last full collection left it (and above its floor), a full collection is asked for. The
 * heap then grows with the live data, the old generation holding about {@code factor} times it at
 * most, at the cost of a few full collections: each sees the live data once, and as the live data
 * grows by the factor between them, their total is a few times one pass over it.
 */
final class HeapGovernor {
    /** The decision, apart from the JVM, so that it can be tested. */
    static final class Policy {
        private final double factor;
        private final long floor;
        private long liveAfterFull;

        Policy(double factor, long floor) {
            if (factor <= 1) {
                throw new IllegalArgumentException("factor must be above 1, got " + factor);
            }
            this.factor = factor;
            this.floor = floor;
        }

        /** Records what a full collection left in the old generation. */
        synchronized void afterFull(long oldUsed) {
            liveAfterFull = oldUsed;
        }

        /** Whether a young collection that left {@code oldUsed} bytes in the old generation calls for a full one. */
        synchronized boolean afterYoung(long oldUsed) {
            return oldUsed > Math.max(floor, (long) (liveAfterFull * factor));
        }
    }

    private static final String SERIAL_YOUNG = "Copy";
    private static final String SERIAL_OLD = "MarkSweepCompact";
    private static final String OLD_POOL = "Tenured Gen";

    private static Thread running;

    private HeapGovernor() {
    }

    /**
     * Watches the serial collector's collections for the rest of the process; does nothing under any other
     * collector, whose pool names and growth differ. Returns whether it watches.
     */
    static boolean start(Policy policy) {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        if (collectors.stream().noneMatch(c -> c.getName().equals(SERIAL_OLD))) {
            return false;
        }
        for (GarbageCollectorMXBean bean : collectors) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    MemoryUsage old = info.getGcInfo().getMemoryUsageAfterGc().get(OLD_POOL);
                    if (old == null) {
                        return;
                    }
                    if (info.getGcName().equals(SERIAL_OLD)) {
                        policy.afterFull(old.getUsed());
                    } else if (info.getGcName().equals(SERIAL_YOUNG) && policy.afterYoung(old.getUsed())) {
                        request();
                    }
                }, null, null);
            }
        }
        return true;
    }

    /**
     * Asks for a full collection off the notification thread, at most one at a time: the notification
     * arrives after the young collection is over, and a second request while one runs would only repeat it.
     */
    private static synchronized void request() {
        if (running == null || !running.isAlive()) {
            running = Thread.ofPlatform().daemon().name("arca-heap-governor").start(System::gc);
        }
    }
}
