package dev.arca.repository.lock;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;

/**
 * A lock held by one process.
 *
 * @param name the lock object's name (not stored inside it)
 * @param refreshed when the holder last proved it is alive
 */
public record Lock(@JsonIgnore String name, boolean exclusive, String operation, String host, long pid, String user,
                   Instant created, Instant refreshed) {

    /** A holder that has not refreshed for this long is presumed dead (restic uses the same 30 minutes). */
    public static final Duration STALE_AFTER = Duration.ofMinutes(30);

    /** Whether the lock no longer protects anything: too old, or its process is gone on this very host. */
    public boolean isStale(Instant now, String localHost) {
        if (refreshed.plus(STALE_AFTER).isBefore(now)) {
            return true;
        }
        return host.equals(localHost) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    public Lock withName(String n) {
        return new Lock(n, exclusive, operation, host, pid, user, created, refreshed);
    }

    public String describe() {
        return (exclusive ? "exclusive" : "shared") + " lock for '" + operation + "' by " + user + "@" + host
                + " (pid " + pid + "), created " + created + ", refreshed " + refreshed;
    }
}
