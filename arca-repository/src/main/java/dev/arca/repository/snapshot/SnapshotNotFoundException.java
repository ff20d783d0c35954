package dev.arca.repository.snapshot;

import java.io.IOException;

/** A snapshot reference that matches no snapshot, or more than one. */
public final class SnapshotNotFoundException extends IOException {
    public SnapshotNotFoundException(String message) {
        super(message);
    }
}
