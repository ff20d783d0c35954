package dev.arca.storage;

import java.io.IOException;

/** Opening a storage without {@code create} found nothing at its location (no directory, bucket or prefix). */
public final class StorageNotFoundException extends IOException {
    public StorageNotFoundException(String message) {
        super(message);
    }
}
