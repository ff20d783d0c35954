package dev.arca.repository.compress;

import java.io.IOException;

/** An encoded blob cannot be decoded: a bad header, or compressed data that zstd rejects. */
public final class CorruptBlobException extends IOException {
    public CorruptBlobException(String message) {
        super(message);
    }

    public CorruptBlobException(String message, Throwable cause) {
        super(message, cause);
    }
}
