package dev.arca.repository;

import java.io.IOException;

/** There is no Arca repository at the location (exit code 10). */
public final class NoRepositoryException extends IOException {
    public NoRepositoryException(String location) {
        super("no Arca repository at '" + location + "'");
    }
}
