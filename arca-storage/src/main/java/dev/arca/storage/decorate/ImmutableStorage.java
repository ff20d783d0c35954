package dev.arca.storage.decorate;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectLockedException;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Arca's own side of an immutable repository: refuses to remove any object stored less than the
 * immutability period ago, or whose storage time is unknown, so that forget and prune keep what the
 * plan promised even where the medium cannot enforce it. Locks are exempt: they are coordination, not
 * data, and must be released.
 *
 * <p>This guards against Arca's own mistakes and schedules, not against an attacker holding the same
 * credentials: that needs the medium to refuse (S3 Object Lock in compliance mode, an append-only SFTP
 * account), which the drivers report with the same {@link ObjectLockedException}.
 */
public final class ImmutableStorage extends ForwardingStorage {
    private final Duration period;
    private final Clock clock;

    public ImmutableStorage(Storage inner, Duration period, Clock clock) {
        super(inner);
        this.period = period;
        this.clock = clock;
    }

    @Override
    <T> T call(Operation operation, ObjectKind kind, String subject, IoCall<T> body) throws IOException {
        return body.call();
    }

    @Override
    public void remove(ObjectKey key) throws IOException {
        if (key.kind() != ObjectKind.LOCKS) {
            Optional<Instant> stored = inner.storedAt(key);
            if (stored.isEmpty() && inner.stat(key).isPresent()) {
                throw new ObjectLockedException(location() + ": " + key + ": cannot remove: the repository is immutable for "
                        + period.toDays() + " days and this storage does not say when the object was stored", key, Optional.empty());
            }
            if (stored.isPresent()) {
                Instant until = stored.get().plus(period);
                if (clock.instant().isBefore(until)) {
                    throw new ObjectLockedException(location() + ": " + key + ": cannot remove: the object is immutable until "
                            + until + " (repository immutable for " + period.toDays() + " days)", key, Optional.of(until));
                }
            }
        }
        super.remove(key);
    }
}
