package dev.arca.storage;

import java.io.IOException;

/**
 * A ranged {@link Storage#load} reached past the end of the object. Never retried: the object will not
 * grow, since objects are immutable; a checker reports it as a truncated object.
 */
public final class ObjectRangeException extends IOException {
    private final transient ObjectKey key;
    private final long size;
    private final long offset;
    private final int length;

    public ObjectRangeException(String location, ObjectKey key, long size, long offset, int length) {
        super(location + ": " + key + ": cannot read " + length + " bytes at offset " + offset
                + ": the object has only " + size + " bytes");
        this.key = key;
        this.size = size;
        this.offset = offset;
        this.length = length;
    }

    public ObjectKey key() {
        return key;
    }

    /** The object's actual size. */
    public long size() {
        return size;
    }

    public long offset() {
        return offset;
    }

    public int length() {
        return length;
    }
}
