package dev.arca.storage.decorate;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injects {@link Fault}s into a storage, so that tests can prove that retries, the repository checker and
 * crash recovery cope with failing, lying and hanging backends.
 *
 * <pre>{@code
 * Storage storage = FaultyStorage.wrap(new MemoryStorage()).failAfter(3, Operation.SAVE);
 * }</pre>
 *
 * <p>It is deterministic: faults hit calls by their count, never by chance or time, so a failing test
 * fails the same way every run. Every fault counts each call it watches, whether or not another fault
 * hits it; when several hit the same call, the one injected first wins.
 */
public final class FaultyStorage extends ForwardingStorage {
    private final List<Armed> faults = new CopyOnWriteArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();

    private FaultyStorage(Storage inner) {
        super(inner);
    }

    /** Wraps {@code inner}, injecting nothing until told to. */
    public static FaultyStorage wrap(Storage inner) {
        return new FaultyStorage(inner);
    }

    /** Adds a fault; its count starts now. */
    public FaultyStorage inject(Fault fault) {
        faults.add(new Armed(Objects.requireNonNull(fault, "fault"), new AtomicInteger()));
        return this;
    }

    /** Lets the first {@code calls} calls of the given operations (all if none given) pass, then fails the rest. */
    public FaultyStorage failAfter(int calls, Operation... operations) {
        return inject(Fault.fail().on(operations).after(calls));
    }

    /** Removes every fault: the backend is healthy again. */
    public FaultyStorage heal() {
        faults.clear();
        return this;
    }

    /** How many calls were hit so far. */
    public int injected() {
        return injected.get();
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        Hit hit = hit(Operation.SAVE, key.kind());
        if (hit != null && hit.fault().effect() == Fault.Effect.TRUNCATE) {
            int kept = data.length / 2;
            inner.save(key, Arrays.copyOf(data, kept));
            throw new IOException(location() + ": " + key + ": injected torn write: stored " + kept + " of "
                    + data.length + " bytes");
        }
        run(hit, Operation.SAVE, key.toString(), () -> {
            inner.save(key, data);
            return null;
        });
    }

    /** Reads the file so that a torn write can store half of it, exactly as a save of its bytes would. */
    @Override
    public void save(ObjectKey key, java.nio.file.Path file) throws IOException {
        save(key, java.nio.file.Files.readAllBytes(file));
    }

    @Override
    public byte[] load(ObjectKey key, long offset, int length) throws IOException {
        return load(key, () -> inner.load(key, offset, length));
    }

    @Override
    public byte[] load(ObjectKey key) throws IOException {
        return load(key, () -> inner.load(key));
    }

    @Override
    <T> T call(Operation operation, ObjectKind kind, String subject, IoCall<T> body) throws IOException {
        return run(hit(operation, kind), operation, subject, body);
    }

    private byte[] load(ObjectKey key, IoCall<byte[]> body) throws IOException {
        Hit hit = hit(Operation.LOAD, key.kind());
        byte[] data = run(hit, Operation.LOAD, key.toString(), body);
        if (hit != null && hit.fault().effect() == Fault.Effect.CORRUPT && data.length > 0) {
            data = data.clone();
            data[data.length / 2] ^= (byte) 0xFF;
        }
        return data;
    }

    private Hit hit(Operation operation, ObjectKind kind) {
        Hit first = null;
        for (Armed armed : faults) {
            if (armed.fault().watches(operation, kind)) {
                int seen = armed.seen().incrementAndGet();
                if (first == null && armed.fault().hits(seen)) {
                    first = new Hit(armed.fault(), seen);
                }
            }
        }
        if (first != null) {
            injected.incrementAndGet();
        }
        return first;
    }

    private <T> T run(Hit hit, Operation operation, String subject, IoCall<T> body) throws IOException {
        Fault.Effect effect = hit == null ? null : hit.fault().effect();
        String prefix = location() + ": " + subject + ": ";
        if (effect == Fault.Effect.FAIL) {
            throw new IOException(prefix + "injected failure of " + operation.label() + " #" + hit.seen());
        }
        if (effect == Fault.Effect.HANG) {
            try {
                Thread.sleep(hit.fault().hangLimit());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(prefix + "interrupted during injected hang of " + operation.label());
            }
            throw new IOException(prefix + "injected hang of " + operation.label() + " ended after "
                    + hit.fault().hangLimit());
        }
        T result = body.call();
        if (effect == Fault.Effect.LOST_REPLY) {
            throw new IOException(prefix + "injected lost reply to " + operation.label() + " #" + hit.seen()
                    + " (it took effect)");
        }
        return result;
    }

    private record Armed(Fault fault, AtomicInteger seen) {
    }

    private record Hit(Fault fault, int seen) {
    }
}
