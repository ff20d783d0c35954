package dev.arca.storage;

import java.io.IOException;

/**
 * {@link Storage#save} found an object of that name already stored. Objects are never overwritten;
 * since names are content hashes or random, a caller that wrote the same content under that name (a retry)
 * may treat this as success.
 */
public final class ObjectExistsException extends IOException {
    private final transient ObjectKey key;

    public ObjectExistsException(String location, ObjectKey key) {
        super(location + ": " + key + ": object already exists and objects are never overwritten");
        this.key = key;
    }

    public ObjectKey key() {
        return key;
    }
}
