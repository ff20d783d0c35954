package dev.arca.storage.decorate;

import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Routes every storage call through one method, {@link #call}, so that a decorator states its policy once
 * instead of in each of the six operations. Decorators that need the data (throttling, fault injection)
 * also override the operation itself.
 */
abstract class ForwardingStorage implements Storage {
    final Storage inner;

    ForwardingStorage(Storage inner) {
        this.inner = Objects.requireNonNull(inner, "inner storage");
    }

    /**
     * Runs {@code body} (the call on the wrapped storage) under this decorator's policy.
     *
     * @param subject what the call is about, for messages: an object key or a kind's directory
     */
    abstract <T> T call(Operation operation, ObjectKind kind, String subject, IoCall<T> body) throws IOException;

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        call(Operation.SAVE, key.kind(), key.toString(), () -> {
            inner.save(key, data);
            return null;
        });
    }

    @Override
    public void save(ObjectKey key, java.nio.file.Path file) throws IOException {
        call(Operation.SAVE, key.kind(), key.toString(), () -> {
            inner.save(key, file);
            return null;
        });
    }

    @Override
    public java.nio.file.Path scratchFile() throws IOException {
        return inner.scratchFile();
    }

    @Override
    public byte[] load(ObjectKey key, long offset, int length) throws IOException {
        return call(Operation.LOAD, key.kind(), key.toString(), () -> inner.load(key, offset, length));
    }

    @Override
    public byte[] load(ObjectKey key) throws IOException {
        return call(Operation.LOAD, key.kind(), key.toString(), () -> inner.load(key));
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        return call(Operation.STAT, key.kind(), key.toString(), () -> inner.stat(key));
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws IOException {
        return call(Operation.LIST, kind, kind.directory(), () -> inner.list(kind));
    }

    @Override
    public Optional<java.time.Instant> storedAt(ObjectKey key) throws IOException {
        return call(Operation.STAT, key.kind(), key.toString(), () -> inner.storedAt(key));
    }

    @Override
    public void remove(ObjectKey key) throws IOException {
        call(Operation.REMOVE, key.kind(), key.toString(), () -> {
            inner.remove(key);
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + inner + "]";
    }
}
