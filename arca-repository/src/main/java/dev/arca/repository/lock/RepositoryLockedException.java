package dev.arca.repository.lock;

import java.io.IOException;

/** Another process holds a conflicting lock (exit code 11). */
public final class RepositoryLockedException extends IOException {
    public RepositoryLockedException(String message) {
        super(message);
    }
}
