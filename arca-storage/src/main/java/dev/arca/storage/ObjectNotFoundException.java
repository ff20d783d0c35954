package dev.arca.storage;

import java.io.IOException;

/** The object does not exist. Never retried: asking again will not make it appear. */
public final class ObjectNotFoundException extends IOException {
    private final transient ObjectKey key;

    public ObjectNotFoundException(String location, ObjectKey key) {
        super(location + ": " + key + ": no such object");
        this.key = key;
    }

    public ObjectKey key() {
        return key;
    }
}
