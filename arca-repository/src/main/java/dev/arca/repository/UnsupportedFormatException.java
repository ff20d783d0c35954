package dev.arca.repository;

/**
 * A repository written in a format version this Arca does not read. Not damage: nothing in it is
 * corrupt, so neither {@code check} nor a retry helps.
 */
public final class UnsupportedFormatException extends IllegalArgumentException {
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
