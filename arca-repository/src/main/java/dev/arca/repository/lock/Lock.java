package dev.arca.repository.lock;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A lock held by one process.
 *
 * @param name the lock object's name (not stored inside it)
 * @param started when the holding process started, which tells it from a later process given the same id
 *     (null in locks written before 2026-11-27)
 * @param refreshed when the holder last proved it is alive
 */
public record Lock(@JsonIgnore String name, boolean exclusive, String operation, String host, long pid, Instant started,
                   String user, Instant created, Instant refreshed) {

    /** A holder that has not refreshed for this long is presumed dead (restic uses the same 30 minutes). */
    public static final Duration STALE_AFTER = Duration.ofMinutes(30);

    /**
     * Whether the lock no longer protects anything: too old, or its process is gone on this very host. A
     * process with the lock's id that started at another time is another process: ids are reused, within
     * minutes where the kernel counts them only to 32,768 (found by bench/crash-trials.sh).
     */
    public boolean isStale(Instant now, String localHost) {
        if (refreshed.plus(STALE_AFTER).isBefore(now)) {
            return true;
        }
        if (!host.equals(localHost)) {
            return false;
        }
        Optional<ProcessHandle> holder = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (holder.isEmpty()) {
            return true;
        }
        Optional<Instant> start = holder.get().info().startInstant();
        return started != null && start.isPresent()
                && Duration.between(start.get(), started).abs().compareTo(SAME_START) > 0;
    }

    /** Start times are read from the kernel's clock ticks; one process's reads agree well within this. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    public Lock withName(String n) {
        return new Lock(n, exclusive, operation, host, pid, started, user, created, refreshed);
    }

    public String describe() {
        return (exclusive ? "exclusive" : "shared") + " lock for '" + operation + "' by " + user + "@" + host
                + " (pid " + pid + "), created " + created + ", refreshed " + refreshed;
    }
}
