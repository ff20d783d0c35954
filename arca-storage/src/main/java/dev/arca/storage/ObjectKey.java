package dev.arca.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address of one stored object: an area and a name within it.
 *
 * <p>Names are restricted to {@code [A-Za-z0-9._-]}, 1 to 200 characters, not starting with a dot, so
 * that every driver can map them to a path or key without escaping and without path traversal.
 */
public record ObjectKey(ObjectKind kind, String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    public ObjectKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("object name '" + name + "' in " + kind.directory()
                    + ": expected 1-200 characters of A-Z a-z 0-9 . _ - not starting with '.'");
        }
    }

    public static ObjectKey of(ObjectKind kind, String name) {
        return new ObjectKey(kind, name);
    }

    /**
     * Whether {@code name} is acceptable as an object name. Drivers use it when listing, to skip entries
     * that are not objects (temporary files, foreign files) instead of failing on them.
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return kind.directory() + "/" + name;
    }
}
