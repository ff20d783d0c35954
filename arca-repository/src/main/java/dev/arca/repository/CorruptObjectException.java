package dev.arca.repository;

import java.io.IOException;

/**
 * A stored object or blob failed verification: its hash does not match its name, it does not decrypt
 * (tampered or written with another key), or its structure is broken. Never retried; {@code arca check}
 * reports which snapshots and files it affects.
 */
public final class CorruptObjectException extends IOException {
    public CorruptObjectException(String message) {
        super(message);
    }

    public CorruptObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
