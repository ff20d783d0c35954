package dev.arca.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * The storage refused to remove or replace an object because it is immutable: under S3 Object Lock, on
 * an append-only SFTP account, or younger than the repository's immutability period. An answer, not a
 * failure: retrying cannot succeed before {@link #until()}, so decorators pass it on at once, and prune
 * keeps the object for a later run.
 */
public final class ObjectLockedException extends java.io.IOException {
    private final transient ObjectKey key;
    private final transient Optional<Instant> until;

    public ObjectLockedException(String message, ObjectKey key, Optional<Instant> until) {
        super(message);
        this.key = key;
        this.until = until;
    }

    public ObjectKey key() {
        return key;
    }

    /** When the object may be removed, if the storage says. */
    public Optional<Instant> until() {
        return until;
    }
}
