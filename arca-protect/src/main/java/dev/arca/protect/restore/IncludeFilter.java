package dev.arca.protect.restore;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which parts of a snapshot to restore. Paths are compared as strings in one normal form — {@code
 * /a/b}, the root being the empty string — so that matching costs no parsing per node.
 */
final class IncludeFilter {
    private final List<String> includes;
    private final Set<String> unmatched;

    private IncludeFilter(List<String> includes) {
        this.includes = includes;
        this.unmatched = new LinkedHashSet<>(includes);
    }

    static IncludeFilter of(List<String> paths) {
        List<String> normal = paths.stream().map(IncludeFilter::normalize).distinct().toList();
        return new IncludeFilter(normal.contains("") ? List.of() : normal);
    }

    /**
     * The normal form of a path within a snapshot: leading slash, no trailing slash, no empty or
     * {@code .} components; the root is the empty string.
     *
     * @throws IllegalArgumentException for a {@code ..} component, which could only point out of the snapshot
     */
    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("path '" + path + "' within a snapshot must not contain '..'");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? "" : "/" + String.join("/", parts);
    }

    /** Whether the walk must look at this path: it is included, or it leads to something included. */
    boolean enters(String path) {
        if (includes.isEmpty()) {
            return true;
        }
        for (String include : includes) {
            if (within(path, include) || within(include, path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this path and everything under it are restored; records which includes were found. */
    boolean selects(String path) {
        if (includes.isEmpty()) {
            return true;
        }
        boolean selected = false;
        for (String include : includes) {
            if (path.equals(include)) {
                unmatched.remove(include);
            }
            selected |= within(path, include);
        }
        return selected;
    }

    /** Fails if an include named nothing in the snapshot: restoring nothing on a typo would look like success. */
    void checkAllFound(String snapshot) throws NoSuchFileException {
        if (!unmatched.isEmpty()) {
            throw new NoSuchFileException(unmatched.iterator().next(), null, "not in snapshot " + snapshot);
        }
    }

    private static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + "/");
    }
}
