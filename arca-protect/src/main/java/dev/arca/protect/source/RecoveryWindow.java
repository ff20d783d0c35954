package dev.arca.protect.source;

import java.time.Instant;
import java.util.Optional;

/**
 * A stretch of time the source can be restored to: from a base backup's consistency point to the newest
 * log bytes stored without a gap after it.
 *
 * @param snapshot the base backup or dump the window starts from (short id)
 * @param brokenBy why the window ends where it does when that is not simply "the newest log": the first
 *     missing log file, for example
 */
public record RecoveryWindow(Instant from, Instant to, String snapshot, Optional<String> brokenBy) {

    public boolean contains(Instant t) {
        return !t.isBefore(from) && !t.isAfter(to);
    }
}
