package dev.arca.repository.crypto;

import java.security.GeneralSecurityException;

/** No key slot opened with the given password. */
public final class WrongPasswordException extends GeneralSecurityException {
    public WrongPasswordException(String message) {
        super(message);
    }
}
