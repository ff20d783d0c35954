package dev.arca.repository.crypto;

import java.security.GeneralSecurityException;

/**
 * A sealed object did not authenticate: it was altered, truncated, or sealed under another key.
 * Its plaintext is never released.
 */
public final class AuthenticationException extends GeneralSecurityException {
    public AuthenticationException(String message) {
        super(message);
    }
}
