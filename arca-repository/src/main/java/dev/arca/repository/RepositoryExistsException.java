package dev.arca.repository;

import java.io.IOException;

/** {@code init} found a repository already there; it is never overwritten. */
public final class RepositoryExistsException extends IOException {
    public RepositoryExistsException(String location) {
        super("a repository already exists at '" + location + "'; it is left untouched");
    }
}
