package dev.arca.repository.check;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.compress.CorruptBlobException;
import dev.arca.repository.crypto.AuthenticationException;

/**
 * Why an object or blob failed verification, in the words the report uses. Thrown where the damage is
 * found and caught where it is recorded against an object, so that verifying code reads straight; the
 * problem texts live here so that the same damage is described the same way wherever it is found.
 */
final class Damage extends Exception {
    Damage(String problem) {
        // No stack trace: damage is an expected finding, and a check may find thousands.
        super(problem, null, false, false);
    }

    String problem() {
        return getMessage();
    }

    static Damage notIndexed() {
        return new Damage("not in the index (missing)");
    }

    static Damage packMissing() {
        return new Damage("its pack is missing");
    }

    static Damage beyondEnd() {
        return new Damage("lies beyond the end of its pack (truncated)");
    }

    static Damage nameMismatch() {
        return new Damage("content does not match its name (damaged)");
    }

    static Damage unreadable(Exception e) {
        return new Damage("could not be read: " + e.getMessage());
    }

    /** The problem of a sealed object or blob that failed to open, told apart by the cause the opener gave. */
    static Damage opening(CorruptObjectException e) {
        return switch (e.getCause()) {
            case AuthenticationException a -> new Damage("does not decrypt (damaged or tampered with)");
            case CorruptBlobException c -> new Damage("does not decompress (damaged)");
            case null, default -> new Damage("content does not match its id (damaged)");
        };
    }
}
