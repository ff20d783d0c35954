package dev.arca.storage.memory;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.Storage;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A repository held in the heap, for fast tests of everything above the storage layer.
 *
 * <p>Named stores ({@code mem:NAME}) live as long as the JVM, or until {@link #discard(String)}, so that
 * a test can "initialise" a repository with one storage and open it again with another, as the command
 * line does. An unnamed store belongs to its one instance. Unlike a real driver, a closed instance
 * refuses to be used, which catches use-after-close bugs in the code under test.
 */
public final class MemoryStorage implements Storage {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final ConcurrentMap<String, ConcurrentMap<ObjectKey, byte[]>> NAMED = new ConcurrentHashMap<>();
    private static final AtomicLong UNNAMED = new AtomicLong();

    private final String location;
    private final ConcurrentMap<ObjectKey, byte[]> objects;
    private volatile boolean closed;

    /** A new, empty store that no other instance sees. */
    public MemoryStorage() {
        this("mem:unnamed-" + UNNAMED.incrementAndGet(), new ConcurrentHashMap<>());
    }

    private MemoryStorage(String location, ConcurrentMap<ObjectKey, byte[]> objects) {
        this.location = location;
        this.objects = objects;
    }

    /**
     * Opens the named store {@code mem:NAME}, shared by every instance of that name in this JVM.
     *
     * @param create whether to create the store when it does not exist yet
     * @throws IOException if it does not exist and {@code create} is false
     */
    public static MemoryStorage open(String name, boolean create) throws IOException {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("repository 'mem:" + name
                    + "': a memory store name is made of A-Z a-z 0-9 . _ -");
        }
        ConcurrentMap<ObjectKey, byte[]> objects = create
                ? NAMED.computeIfAbsent(name, unused -> new ConcurrentHashMap<>())
                : NAMED.get(name);
        if (objects == null) {
            throw new IOException("repository 'mem:" + name + "' does not exist");
        }
        return new MemoryStorage("mem:" + name, objects);
    }

    /** Forgets the named store so that its memory is freed; open instances keep their view of it. */
    public static void discard(String name) {
        NAMED.remove(name);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        ensureOpen();
        if (objects.putIfAbsent(key, data.clone()) != null) {
            throw new ObjectExistsException(location, key);
        }
    }

    @Override
    public byte[] load(ObjectKey key, long offset, int length) throws IOException {
        byte[] data = stored(key);
        new ObjectInfo(key, data.length).checkRange(location, offset, length);
        return Arrays.copyOfRange(data, (int) offset, (int) offset + length);
    }

    @Override
    public byte[] load(ObjectKey key) throws IOException {
        return stored(key).clone();
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) {
        ensureOpen();
        byte[] data = objects.get(key);
        return data == null ? Optional.empty() : Optional.of(new ObjectInfo(key, data.length));
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) {
        ensureOpen();
        return objects.entrySet().stream()
                .filter(entry -> entry.getKey().kind() == kind)
                .map(entry -> new ObjectInfo(entry.getKey(), entry.getValue().length))
                .toList();
    }

    @Override
    public void remove(ObjectKey key) {
        ensureOpen();
        objects.remove(key);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MemoryStorage[" + location + "]";
    }

    private byte[] stored(ObjectKey key) throws ObjectNotFoundException {
        ensureOpen();
        byte[] data = objects.get(key);
        if (data == null) {
            throw new ObjectNotFoundException(location, key);
        }
        return data;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(location + ": storage is closed");
        }
    }
}
