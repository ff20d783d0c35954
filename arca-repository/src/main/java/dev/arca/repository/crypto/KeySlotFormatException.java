package dev.arca.repository.crypto;

import java.io.IOException;

/** A key slot file is not a key slot this version can read: malformed JSON, a missing field, an unknown KDF. */
public final class KeySlotFormatException extends IOException {
    public KeySlotFormatException(String message) {
        super(message);
    }

    public KeySlotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
