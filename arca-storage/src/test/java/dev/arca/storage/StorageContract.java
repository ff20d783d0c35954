package dev.arca.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Storage} contract as tests, clause by clause. A driver's test extends it and says how to
 * make a fresh, empty storage; every driver module (local, memory, SFTP, S3) and every decorator runs
 * the same suite, so that the repository layer can rely on the contract rather than on a driver.
 *
 * <p>Error messages are asserted to the letter: they are what an operator reads at 3 a.m.
 */
public abstract class StorageContract {
    private static final int MIB = 1024 * 1024;
    private static final int THREADS = 8;

    /** The storage under test, fresh and empty for each test. */
    protected Storage storage;

    /** Makes a new, empty storage. */
    protected abstract Storage newStorage() throws IOException;

    /** Releases what {@link #newStorage()} made, after the storage was closed. */
    protected void discard() throws IOException {
    }

    /**
     * Leaves behind what a save of {@code key} leaves when its process dies after writing {@code written}
     * and before finishing, for example a temporary file. Drivers whose backend uploads atomically leave
     * nothing, which is the default.
     */
    protected void leaveUnfinishedSave(ObjectKey key, byte[] written) throws IOException {
    }

    @BeforeEach
    final void openStorage() throws IOException {
        storage = newStorage();
    }

    @AfterEach
    final void closeStorage() throws IOException {
        try {
            storage.close();
        } finally {
            discard();
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 4097, 20 * MIB})
    void savedObjectLoadsBackWhole(int size) throws IOException {
        byte[] data = TestContent.random(size, size);
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, TestContent.sha256(data));

        storage.save(key, data);

        byte[] loaded = storage.load(key);
        assertThat(loaded).hasSize(size);
        assertThat(TestContent.sha256(loaded)).isEqualTo(key.name());
        assertThat(storage.stat(key)).contains(new ObjectInfo(key, size));
    }

    @Test
    void everyKindIsANamespaceOfItsOwn() throws IOException {
        for (ObjectKind kind : ObjectKind.values()) {
            storage.save(ObjectKey.of(kind, "same-name"), kind.directory().getBytes());
        }

        for (ObjectKind kind : ObjectKind.values()) {
            ObjectKey key = ObjectKey.of(kind, "same-name");
            assertThat(storage.load(key)).isEqualTo(kind.directory().getBytes());
            assertThat(storage.list(kind)).containsExactly(new ObjectInfo(key, kind.directory().length()));
        }
    }

    @Test
    void callersMayReuseTheirArrays() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.INDEX, "buffers");
        byte[] data = {1, 2, 3, 4};

        storage.save(key, data);
        data[0] = 9;
        storage.load(key)[1] = 9;
        storage.load(key, 2, 2)[0] = 9;

        assertThat(storage.load(key)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rangesReturnExactlyTheRequestedBytes() throws IOException {
        byte[] data = TestContent.random(7, 1000);
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "ranges");
        storage.save(key, data);

        assertThat(storage.load(key, 0, 10)).isEqualTo(Arrays.copyOfRange(data, 0, 10));
        assertThat(storage.load(key, 400, 200)).isEqualTo(Arrays.copyOfRange(data, 400, 600));
        assertThat(storage.load(key, 990, 10)).isEqualTo(Arrays.copyOfRange(data, 990, 1000));
        assertThat(storage.load(key, 0, 1000)).isEqualTo(data);
        assertThat(storage.load(key, 0, 0)).isEmpty();
        assertThat(storage.load(key, 500, 0)).isEmpty();
        assertThat(storage.load(key, 1000, 0)).isEmpty();
    }

    @Test
    void rangesLoadIntoTheCallersArrayAtItsOffsetAndNowhereElse() throws IOException {
        byte[] data = TestContent.random(8, 1000);
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "into");
        storage.save(key, data);
        byte[] buffer = new byte[300];
        Arrays.fill(buffer, (byte) 7);

        storage.loadInto(key, 400, buffer, 50, 200);

        assertThat(Arrays.copyOfRange(buffer, 50, 250)).isEqualTo(Arrays.copyOfRange(data, 400, 600));
        assertThat(Arrays.copyOfRange(buffer, 0, 50)).containsOnly(7);
        assertThat(Arrays.copyOfRange(buffer, 250, 300)).containsOnly(7);
        assertThatThrownBy(() -> storage.loadInto(key, 950, buffer, 0, 100))
                .isInstanceOf(ObjectRangeException.class)
                .hasMessage(storage.location() + ": data/into: cannot read 100 bytes at offset 950: the object has only 1000 bytes");
        assertThatThrownBy(() -> storage.loadInto(ObjectKey.of(ObjectKind.DATA, "absent"), 0, buffer, 0, 1))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.loadInto(key, 0, buffer, 250, 100))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rangePastTheEndFailsNamingObjectSizeAndRange() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "short");
        ObjectKey empty = ObjectKey.of(ObjectKind.DATA, "empty");
        storage.save(key, new byte[100]);
        storage.save(empty, new byte[0]);
        String prefix = storage.location() + ": data/";

        assertThatThrownBy(() -> storage.load(key, 95, 10))
                .isInstanceOfSatisfying(ObjectRangeException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.size()).isEqualTo(100);
                    assertThat(e.offset()).isEqualTo(95);
                    assertThat(e.length()).isEqualTo(10);
                })
                .hasMessage(prefix + "short: cannot read 10 bytes at offset 95: the object has only 100 bytes");
        assertThatThrownBy(() -> storage.load(key, 101, 0))
                .isInstanceOf(ObjectRangeException.class)
                .hasMessage(prefix + "short: cannot read 0 bytes at offset 101: the object has only 100 bytes");
        assertThatThrownBy(() -> storage.load(key, Long.MAX_VALUE, 1))
                .isInstanceOf(ObjectRangeException.class)
                .hasMessage(prefix + "short: cannot read 1 bytes at offset " + Long.MAX_VALUE
                        + ": the object has only 100 bytes");
        assertThatThrownBy(() -> storage.load(empty, 0, 1))
                .isInstanceOf(ObjectRangeException.class)
                .hasMessage(prefix + "empty: cannot read 1 bytes at offset 0: the object has only 0 bytes");
    }

    @Test
    void negativeRangeIsACallersBug() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "negative");
        storage.save(key, new byte[10]);

        assertThatThrownBy(() -> storage.load(key, -1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(storage.location() + ": data/negative: invalid range: offset -1, length 5");
        assertThatThrownBy(() -> storage.load(key, 0, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(storage.location() + ": data/negative: invalid range: offset 0, length -5");
    }

    @Test
    void missingObjectIsNotFound() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.KEYS, "missing");
        ObjectKey missingData = ObjectKey.of(ObjectKind.DATA, "ab0123");

        assertThatThrownBy(() -> storage.load(key))
                .isInstanceOfSatisfying(ObjectNotFoundException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessage(storage.location() + ": keys/missing: no such object");
        assertThatThrownBy(() -> storage.load(key, 0, 1))
                .isInstanceOfSatisfying(ObjectNotFoundException.class, e -> assertThat(e.key()).isEqualTo(key));
        assertThatThrownBy(() -> storage.load(missingData))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessage(storage.location() + ": data/ab0123: no such object");
        assertThat(storage.stat(key)).isEmpty();
        assertThat(storage.stat(missingData)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 4097, 20 * MIB})
    void scratchFileSavesAsItsContentAndStaysForTheCaller(int size) throws IOException {
        byte[] data = TestContent.random(size + 7, size);
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, TestContent.sha256(data));
        java.nio.file.Path scratch = storage.scratchFile();
        try {
            assertThat(scratch).isEmptyFile();
            java.nio.file.Files.write(scratch, data);

            storage.save(key, scratch);

            assertThat(TestContent.sha256(storage.load(key))).isEqualTo(key.name());
            assertThat(storage.stat(key)).contains(new ObjectInfo(key, size));
            assertThat(storage.list(ObjectKind.DATA)).containsExactly(new ObjectInfo(key, size));
            // The file is the caller's: a retry may read it again, and only the caller removes it.
            assertThat(java.nio.file.Files.readAllBytes(scratch)).isEqualTo(data);
            assertThatThrownBy(() -> storage.save(key, scratch))
                    .isInstanceOfSatisfying(ObjectExistsException.class, e -> assertThat(e.key()).isEqualTo(key));
        } finally {
            java.nio.file.Files.deleteIfExists(scratch);
        }
        assertThat(TestContent.sha256(storage.load(key))).isEqualTo(key.name());
    }

    @Test
    void anyLocalFileSavesAsItsContent() throws IOException {
        byte[] data = TestContent.random(9, 100_000);
        ObjectKey key = ObjectKey.of(ObjectKind.INDEX, TestContent.sha256(data));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("arca-contract-", ".bin");
        try {
            java.nio.file.Files.write(file, data);
            storage.save(key, file);
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertThat(storage.load(key)).isEqualTo(data);
    }

    @Test
    void existingObjectIsNeverOverwritten() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.SNAPSHOTS, "first");
        byte[] original = TestContent.random(1, 300);
        storage.save(key, original);

        for (byte[] attempt : List.of(TestContent.random(2, 500), original.clone(), new byte[0])) {
            assertThatThrownBy(() -> storage.save(key, attempt))
                    .isInstanceOfSatisfying(ObjectExistsException.class, e -> assertThat(e.key()).isEqualTo(key))
                    .hasMessage(storage.location()
                            + ": snapshots/first: object already exists and objects are never overwritten");
        }

        assertThat(storage.load(key)).isEqualTo(original);
        assertThat(storage.stat(key)).contains(new ObjectInfo(key, 300));
        assertThat(storage.list(ObjectKind.SNAPSHOTS)).containsExactly(new ObjectInfo(key, 300));
    }

    @Test
    void listShowsExactlyTheSavedObjects() throws IOException {
        for (ObjectKind kind : ObjectKind.values()) {
            assertThat(storage.list(kind)).as("%s in a new storage", kind).isEmpty();
        }
        List<ObjectInfo> data = new ArrayList<>();
        for (String name : List.of("a", "ab", "abc", "abd", "b.c", "Z_9-x", "00", "0a1b2c3d")) {
            byte[] content = TestContent.random(name.hashCode(), name.length() * 10);
            storage.save(ObjectKey.of(ObjectKind.DATA, name), content);
            data.add(new ObjectInfo(ObjectKey.of(ObjectKind.DATA, name), content.length));
        }
        ObjectKey lock = ObjectKey.of(ObjectKind.LOCKS, "lock-1");
        storage.save(lock, new byte[3]);

        assertThat(storage.list(ObjectKind.DATA)).containsExactlyInAnyOrderElementsOf(data);
        assertThat(storage.list(ObjectKind.LOCKS)).containsExactly(new ObjectInfo(lock, 3));
        for (ObjectKind kind : List.of(ObjectKind.CONFIG, ObjectKind.KEYS, ObjectKind.SNAPSHOTS, ObjectKind.INDEX,
                ObjectKind.LOGS)) {
            assertThat(storage.list(kind)).as("%s", kind).isEmpty();
        }
    }

    @Test
    void removedObjectIsGoneAndRemovalIsIdempotent() throws IOException {
        ObjectKey removed = ObjectKey.of(ObjectKind.DATA, "removed");
        ObjectKey kept = ObjectKey.of(ObjectKind.DATA, "kept");
        storage.save(removed, new byte[] {1});
        storage.save(kept, new byte[] {2, 2});

        storage.remove(removed);
        storage.remove(removed);
        storage.remove(ObjectKey.of(ObjectKind.LOGS, "never-existed"));

        assertThat(storage.stat(removed)).isEmpty();
        assertThatThrownBy(() -> storage.load(removed)).isInstanceOf(ObjectNotFoundException.class);
        assertThat(storage.list(ObjectKind.DATA)).containsExactly(new ObjectInfo(kept, 2));
        storage.save(removed, new byte[] {3, 3, 3});
        assertThat(storage.load(removed)).containsExactly(3, 3, 3);
    }

    @Test
    void unfinishedSaveIsInvisibleAndDoesNotBlockTheName() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "cd0123");
        byte[] content = TestContent.random(3, 10_000);
        leaveUnfinishedSave(key, Arrays.copyOf(content, 4_000));

        for (ObjectKind kind : ObjectKind.values()) {
            assertThat(storage.list(kind)).as("%s after an unfinished save", kind).isEmpty();
        }
        assertThat(storage.stat(key)).isEmpty();
        assertThatThrownBy(() -> storage.load(key)).isInstanceOf(ObjectNotFoundException.class);

        storage.save(key, content);
        assertThat(storage.load(key)).isEqualTo(content);
        assertThat(storage.list(ObjectKind.DATA)).containsExactly(new ObjectInfo(key, 10_000));
    }

    @Test
    void concurrentSavesOfDifferentNamesAllLand() throws Exception {
        int perThread = 25;
        List<List<ObjectKey>> saved = inParallel(thread -> {
            List<ObjectKey> keys = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                byte[] data = TestContent.random(thread * 1000L + i, 1 + (thread * 7919 + i * 104_729) % 65_536);
                ObjectKey key = ObjectKey.of(ObjectKind.DATA, TestContent.sha256(data));
                storage.save(key, data);
                keys.add(key);
            }
            return keys;
        });

        List<ObjectInfo> listed = storage.list(ObjectKind.DATA);
        assertThat(listed).extracting(ObjectInfo::key)
                .containsExactlyInAnyOrderElementsOf(saved.stream().flatMap(List::stream).toList());
        for (ObjectInfo info : listed) {
            assertThat(TestContent.sha256(storage.load(info.key()))).isEqualTo(info.key().name());
        }
    }

    @Test
    void concurrentSavesOfOneNameHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 10; round++) {
            ObjectKey key = ObjectKey.of(ObjectKind.DATA, "contended-" + round);
            long seed = round * 100L;
            List<Optional<byte[]>> outcomes = inParallel(thread -> {
                byte[] data = TestContent.random(seed + thread, 65_536);
                try {
                    storage.save(key, data);
                    return Optional.of(data);
                } catch (ObjectExistsException e) {
                    return Optional.empty();
                }
            });

            List<byte[]> winners = outcomes.stream().flatMap(Optional::stream).toList();
            assertThat(winners).as("winners of round %d", round).hasSize(1);
            assertThat(storage.load(key)).isEqualTo(winners.getFirst());
        }
    }

    @Test
    void readersNeverSeeAPartialObject() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger verified = new AtomicInteger();
        Future<?> reader;
        try (ExecutorService readers = Executors.newSingleThreadExecutor()) {
            reader = readers.submit(() -> {
                // The last pass starts after the writers finished, so it must see every object.
                boolean last;
                do {
                    last = !writing.get();
                    verified.set(0);
                    for (ObjectInfo info : storage.list(ObjectKind.DATA)) {
                        byte[] loaded = storage.load(info.key());
                        assertThat(loaded).hasSize((int) info.size());
                        assertThat(TestContent.sha256(loaded)).isEqualTo(info.key().name());
                        verified.incrementAndGet();
                    }
                } while (!last);
                return null;
            });
            try {
                inParallel(thread -> {
                    for (int i = 0; i < 12; i++) {
                        byte[] data = TestContent.random(thread * 100L + i, 256 * 1024);
                        storage.save(ObjectKey.of(ObjectKind.DATA, TestContent.sha256(data)), data);
                    }
                    return null;
                });
            } finally {
                writing.set(false);
            }
            reader.get(2, TimeUnit.MINUTES);
        }
        assertThat(verified.get()).isEqualTo(THREADS * 12);
    }

    @Test
    void namesAreValidatedBeforeAnyDriverSeesThem() throws IOException {
        assertThatThrownBy(() -> ObjectKey.of(ObjectKind.DATA, "../config"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("object name '../config' in data: expected 1-200 characters of A-Z a-z 0-9 . _ -"
                        + " not starting with '.'");
        for (String invalid : List.of("", ".hidden", ".", "..", "a/b", "a\\b", "a b", "é", "x".repeat(201), "a\n")) {
            assertThatThrownBy(() -> ObjectKey.of(ObjectKind.KEYS, invalid)).as("name '%s'", invalid)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(ObjectKey.isValidName(invalid)).as("name '%s'", invalid).isFalse();
        }

        List<String> extremes = List.of("x".repeat(200), "a", "-", "_.", "A.b-C_d", "a..b");
        for (String name : extremes) {
            storage.save(ObjectKey.of(ObjectKind.DATA, name), name.getBytes());
            storage.save(ObjectKey.of(ObjectKind.LOCKS, name), name.getBytes());
        }
        for (String name : extremes) {
            assertThat(storage.load(ObjectKey.of(ObjectKind.DATA, name))).isEqualTo(name.getBytes());
            assertThat(storage.load(ObjectKey.of(ObjectKind.LOCKS, name))).isEqualTo(name.getBytes());
        }
        assertThat(storage.list(ObjectKind.DATA)).extracting(info -> info.key().name())
                .containsExactlyInAnyOrderElementsOf(extremes);
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int thread) throws Exception;
    }

    /** Runs {@code task} on {@value #THREADS} threads released at the same instant, and collects the results. */
    private static <T> List<T> inParallel(Task<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int thread = 0; thread < THREADS; thread++) {
                int id = thread;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.run(id);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        }
    }
}
