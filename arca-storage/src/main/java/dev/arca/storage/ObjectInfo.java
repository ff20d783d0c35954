package dev.arca.storage;

import java.util.Objects;

/** What {@link Storage#stat} and {@link Storage#list} report about an object. */
public record ObjectInfo(ObjectKey key, long size) {

    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException(key + ": negative object size " + size);
        }
    }

    /**
     * Checks that {@code length} bytes from {@code offset} lie within this object. Every driver calls it
     * so that a truncated object is reported with the same exception and words whatever holds it.
     *
     * @throws IllegalArgumentException if the offset or the length is negative (a caller's bug)
     * @throws ObjectRangeException if the range reaches past the end of the object
     */
    public void checkRange(String location, long offset, int length) throws ObjectRangeException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(location + ": " + key + ": invalid range: offset " + offset
                    + ", length " + length);
        }
        // Written as a subtraction so that a huge offset cannot overflow into an accepted range.
        if (offset > size - length) {
            throw new ObjectRangeException(location, key, size, offset, length);
        }
    }
}
