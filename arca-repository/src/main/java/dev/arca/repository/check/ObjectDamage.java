package dev.arca.repository.check;

import dev.arca.storage.ObjectKind;

/**
 * A damaged or missing stored object: an index file, a pack or a snapshot document.
 *
 * @param name the object's name, in full, so that an operator can find it in storage
 */
public record ObjectDamage(ObjectKind kind, String name, String problem) {

    /** For example {@code index 3fa2…: content does not match its name (damaged)}. */
    public String text() {
        return noun(kind) + " " + name + ": " + problem;
    }

    static String noun(ObjectKind kind) {
        return switch (kind) {
            case DATA -> "pack";
            case INDEX -> "index";
            case SNAPSHOTS -> "snapshot";
            default -> kind.directory();
        };
    }
}
