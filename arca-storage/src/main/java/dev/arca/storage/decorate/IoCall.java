package dev.arca.storage.decorate;

import java.io.IOException;

/** One call to the wrapped storage, deferred so that a decorator can run it zero, one or several times. */
@FunctionalInterface
interface IoCall<T> {
    T call() throws IOException;
}
