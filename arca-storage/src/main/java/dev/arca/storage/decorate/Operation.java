package dev.arca.storage.decorate;

import java.util.Locale;

/** The kinds of storage call, as decorators and their listeners tell them apart. */
public enum Operation {
    SAVE, LOAD, STAT, LIST, REMOVE;

    /** The lower-case name used in messages ("save", "load", ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
