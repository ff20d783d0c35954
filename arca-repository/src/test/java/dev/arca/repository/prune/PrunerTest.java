package dev.arca.repository.prune;

import static dev.arca.repository.check.SampleRepository.ATTACHMENT;
import static dev.arca.repository.check.SampleRepository.BLOB;
import static dev.arca.repository.check.SampleRepository.HOST;
import static dev.arca.repository.check.SampleRepository.NEW_ATTACHMENT;
import static dev.arca.repository.check.SampleRepository.SECOND_FILES;
import static dev.arca.repository.check.SampleRepository.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.Repository;
import dev.arca.repository.check.CheckOptions;
import dev.arca.repository.check.CheckResult;
import dev.arca.repository.check.Checker;
import dev.arca.repository.check.DataSelection;
import dev.arca.repository.check.SampleRepository;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.lock.RepositoryLockedException;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.decorate.Fault;
import dev.arca.storage.decorate.FaultyStorage;
import dev.arca.storage.decorate.Operation;
import dev.arca.storage.local.LocalStorage;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrunerTest {
    private static final PruneOptions DEFAULTS = PruneOptions.defaults();

    @Test
    void pruningAfterForgetFreesWhatNoSnapshotUsesAndKeepsTheRest() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(storage);
        long before = SampleRepository.dataBytes(storage);

        PruneResult result = prune(setup.repo(), DEFAULTS);

        assertPruned(storage, setup, result, before);
    }

    @Test
    void pruningWorksTheSameOnLocalDisk(@TempDir Path dir) throws IOException {
        try (LocalStorage storage = LocalStorage.open(dir.resolve("repo"), true)) {
            Forgotten setup = forgetFirstAndThird(storage);
            long before = SampleRepository.dataBytes(storage);

            PruneResult result = prune(setup.repo(), DEFAULTS);

            assertPruned(storage, setup, result, before);
        }
    }

    @Test
    void aDryRunPlansExactlyWhatARunDoesAndChangesNothing() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(storage);
        Map<ObjectKey, Long> untouched = SampleRepository.listing(storage);

        PruneResult dry = prune(setup.repo(), DEFAULTS.withDryRun(true));

        assertThat(SampleRepository.listing(storage)).isEqualTo(untouched);
        assertThat(dry.dryRun()).isTrue();
        PruneResult real = prune(setup.repo(), DEFAULTS);
        assertThat(new PruneResult(false, dry.deletedPacks(), dry.repackedPacks(), dry.garbagePacks(), dry.packsWritten(),
                dry.indexFilesWritten(), dry.indexFilesRemoved(), dry.blobsKept(), dry.blobsRemoved(), dry.bytesRemoved(),
                dry.bytesWritten())).isEqualTo(real);
    }

    @Test
    void aPartlyUsedPackIsRepackedOnlyWhenItsWasteIsWorthIt() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Repository repo = SampleRepository.create(storage);
        byte[] big = SampleRepository.content(40 * BLOB, 5);
        byte[] small = SampleRepository.content(BLOB, 6);
        Snapshot both = SampleRepository.backup(repo, 1, Map.of("/srv/big.bin", big, "/srv/small.bin", small));
        Snapshot bigOnly = SampleRepository.backup(repo, 2, Map.of("/srv/big.bin", big));
        String dataPack = repo.index().find(repo.hasher().hash(small)).orElseThrow().pack();
        forget(repo, both);

        // One blob in 41 is unused: under 5%, so with small packs not counted as tiny the pack stays.
        PruneResult kept = prune(repo, DEFAULTS.withTinyPack(0));
        PruneResult repacked = prune(repo, DEFAULTS.withTinyPack(0).withMaxUnused(0));

        assertThat(kept.repackedPacks()).isEmpty();
        assertThat(kept.deletedPacks()).hasSize(1).doesNotContain(dataPack);
        assertThat(repacked.repackedPacks()).containsExactly(dataPack);
        assertThat(repacked.blobsRemoved()).isEqualTo(1);
        assertThat(repacked.bytesFreed()).isPositive();
        Repository fresh = SampleRepository.open(storage);
        assertThat(SampleRepository.restore(fresh, bigOnly)).containsOnlyKeys("/srv/big.bin")
                .hasEntrySatisfying("/srv/big.bin", data -> assertThat(data).isEqualTo(big));
        assertThat(checkAll(fresh).ok()).isTrue();
    }

    @Test
    void aDamagedRepositoryIsNotPrunedAndNothingIsDeleted() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(storage);
        String pack = setup.repo().index().find(setup.repo().hasher().hash(NEW_ATTACHMENT)).orElseThrow().pack();
        storage.remove(ObjectKey.of(ObjectKind.DATA, pack));
        Map<ObjectKey, Long> untouched = SampleRepository.listing(storage);

        assertThatThrownBy(() -> prune(setup.repo(), DEFAULTS))
                .isInstanceOfSatisfying(DamagedRepositoryException.class, e -> assertThat(e.problems()).hasSize(2)
                        .first().asString().startsWith("pack " + pack + ": missing (index "))
                .hasMessageStartingWith("prune deleted nothing: the repository is damaged, and deleting data now could lose "
                        + "more ('arca check' tells what is affected): pack " + pack + ": missing");
        assertThat(SampleRepository.listing(storage)).isEqualTo(untouched);
    }

    @Test
    void aBlobFoundDamagedWhileRepackingStopsPruneBeforeItDeletesAnything() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(storage);
        BlobIndex.Location at = setup.repo().index().find(setup.repo().hasher().hash(ATTACHMENT, 0, BLOB)).orElseThrow();
        SampleRepository.flipBit(storage, at.pack(), at.offset() + 40);
        Map<ObjectKey, Long> before = SampleRepository.listing(storage);

        assertThatThrownBy(() -> prune(setup.repo(), DEFAULTS))
                .isInstanceOf(DamagedRepositoryException.class)
                .hasMessageEndingWith("blob " + setup.repo().hasher().hash(ATTACHMENT, 0, BLOB).hex() + " in pack " + at.pack()
                        + " does not decrypt (damaged or tampered with)");
        assertThat(SampleRepository.listing(storage)).containsAllEntriesOf(before);
    }

    @Test
    void aPackCutShortAfterTheSurveyStopsPruneAtTheBlobBeyondItsEnd() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(storage);
        BlobIndex.Location at = setup.repo().index().find(setup.repo().hasher().hash(ATTACHMENT, 0, BLOB)).orElseThrow();
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, at.pack());
        byte[] whole = storage.load(key);
        storage.remove(key);
        storage.save(key, java.util.Arrays.copyOf(whole, at.offset() + 10));
        // Listings still report the whole size, as if the pack were cut after prune surveyed it.
        Storage cutAfterSurvey = new Storage() {
            @Override
            public String location() {
                return storage.location();
            }

            @Override
            public void save(ObjectKey k, byte[] data) throws IOException {
                storage.save(k, data);
            }

            @Override
            public byte[] load(ObjectKey k, long offset, int length) throws IOException {
                return storage.load(k, offset, length);
            }

            @Override
            public byte[] load(ObjectKey k) throws IOException {
                return storage.load(k);
            }

            @Override
            public java.util.Optional<ObjectInfo> stat(ObjectKey k) throws IOException {
                return storage.stat(k).map(this::whole);
            }

            @Override
            public java.util.List<ObjectInfo> list(ObjectKind kind) throws IOException {
                return storage.list(kind).stream().map(this::whole).toList();
            }

            @Override
            public void remove(ObjectKey k) throws IOException {
                storage.remove(k);
            }

            @Override
            public void close() {
            }

            private ObjectInfo whole(ObjectInfo info) {
                return info.key().equals(key) ? new ObjectInfo(key, whole.length) : info;
            }
        };
        Map<ObjectKey, Long> before = SampleRepository.listing(storage);

        assertThatThrownBy(() -> prune(SampleRepository.open(cutAfterSurvey), DEFAULTS))
                .isInstanceOf(DamagedRepositoryException.class)
                .hasMessageEndingWith("blob " + setup.repo().hasher().hash(ATTACHMENT, 0, BLOB).hex() + " in pack " + at.pack()
                        + ": lies beyond the end of its pack (truncated)");
        assertThat(SampleRepository.listing(storage)).containsAllEntriesOf(before);
    }

    @Test
    void pruneWaitsForNoBackupAndSaysWhoHoldsTheRepository() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(storage);
        Map<ObjectKey, Long> untouched;
        try (HeldLock backup = setup.repo().locks("otherhost", "backup").acquire(false, "backup", Duration.ZERO)) {
            untouched = SampleRepository.listing(storage);
            assertThatThrownBy(() -> prune(setup.repo(), DEFAULTS))
                    .isInstanceOf(RepositoryLockedException.class)
                    .hasMessageContaining("shared lock for 'backup' by backup@otherhost");
            assertThat(SampleRepository.listing(storage)).isEqualTo(untouched);
        }
    }

    @Test
    void garbageIsRemovedAndAnInterruptedPruneIsFinished() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(storage);
        String garbage = SampleRepository.addGarbagePack(storage, 3);
        FaultyStorage faulty = FaultyStorage.wrap(storage);
        Repository interrupted = SampleRepository.open(faulty);
        faulty.inject(Fault.fail().on(Operation.REMOVE).in(ObjectKind.INDEX).after(2));

        assertThatThrownBy(() -> prune(interrupted, DEFAULTS)).isInstanceOf(IOException.class);
        removeLocks(storage);
        Repository repo = SampleRepository.open(storage);
        CheckResult halfway = checkAll(repo);
        assertThat(halfway.ok()).isTrue();
        assertThat(halfway.supersededIndexes()).hasSize(4);
        assertThat(halfway.garbagePacks()).contains(garbage);

        PruneResult finished = prune(repo, DEFAULTS);

        assertThat(finished.garbagePacks()).contains(garbage);
        assertThat(finished.indexFilesRemoved()).isEqualTo(5);
        assertCleanAndRestorable(storage, setup.kept(), SECOND_FILES);
    }

    @Test
    void aLockThatCouldNotBeRefreshedStopsPruneBeforeItDeletesAnything() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        forgetFirstAndThird(storage);
        FaultyStorage faulty = FaultyStorage.wrap(storage);
        Repository repo = SampleRepository.open(faulty);
        try (HeldLock lock = repo.locks(HOST, USER).acquire(true, "prune", Duration.ZERO)) {
            faulty.inject(Fault.fail().on(Operation.SAVE).in(ObjectKind.LOCKS).times(1));
            lock.refresh();
            Map<ObjectKey, Long> before = SampleRepository.listing(storage);

            assertThatThrownBy(() -> new Pruner(repo).prune(DEFAULTS, lock))
                    .hasMessageStartingWith("prune stopped before deleting anything: its exclusive lock could not be "
                            + "refreshed, so another process may have found the repository unlocked");
            assertThat(SampleRepository.listing(storage)).containsAllEntriesOf(before);
        }
    }

    /**
     * The heart of prune's safety: the process dies before the n-th storage call, for every n until prune
     * gets through. After each such crash the repository checks clean (garbage aside), the remaining
     * snapshot restores, and the next prune finishes the job. Small index files make prune write several,
     * so that it is also interrupted between them.
     */
    @Test
    void aCrashBeforeAnyStorageCallLeavesARepositoryThatChecksAndRestores() throws IOException {
        MemoryStorage base = new MemoryStorage();
        Forgotten setup = forgetFirstAndThird(base);
        SampleRepository.addGarbagePack(base, 3);

        int crashes = 0;
        MemoryStorage disk;
        PruneResult completed = null;
        while (true) {
            disk = SampleRepository.copy(base);
            FaultyStorage faulty = FaultyStorage.wrap(disk);
            Repository repo = SampleRepository.open(faulty);
            faulty.failAfter(crashes);
            try {
                completed = new Pruner(repo, 2).prune(DEFAULTS, repo.locks(HOST, USER));
            } catch (IOException e) {
                assertThat(faulty.injected()).as("prune failed without a fault: %s", e).isPositive();
            } finally {
                repo.close();
            }
            if (faulty.injected() == 0) {
                break;
            }
            crashes++;
            removeLocks(disk);
            Repository after = SampleRepository.open(disk);
            CheckResult check = checkAll(after);
            assertThat(check.errors()).as("check after a crash before storage call %d", crashes).isEmpty();
            assertThat(check.intactSnapshots()).containsExactly(setup.kept().id());
            assertRestores(after, setup.kept(), SECOND_FILES);
            prune(after, DEFAULTS);
            assertCleanAndRestorable(disk, setup.kept(), SECOND_FILES);
        }
        assertThat(crashes).as("storage calls prune makes").isGreaterThan(30);
        assertThat(completed.indexFilesWritten()).as("index files of at most 2 blobs").isEqualTo(3);
        assertCleanAndRestorable(disk, setup.kept(), SECOND_FILES);
    }

    /** A repository of three backups of which the first and third were forgotten, and the snapshot that remains. */
    private record Forgotten(Repository repo, Snapshot kept) {
    }

    private static Forgotten forgetFirstAndThird(Storage storage) throws IOException {
        Repository repo = SampleRepository.create(storage);
        SampleRepository.Backups backups = SampleRepository.backUpThree(repo);
        forget(repo, backups.first(), backups.third());
        return new Forgotten(repo, backups.second());
    }

    /**
     * Of six packs, the first backup's data pack still holds the shared attachment and is repacked (it
     * is tiny); the first and third backups' tree packs and the third's data pack go.
     */
    private static void assertPruned(Storage storage, Forgotten setup, PruneResult result, long before) throws IOException {
        Repository repo = setup.repo();
        String shared = repo.index().find(repo.hasher().hash(ATTACHMENT, 0, BLOB)).orElseThrow().pack();
        assertThat(result.repackedPacks()).containsExactly(shared);
        assertThat(result.deletedPacks()).hasSize(3);
        assertThat(result.garbagePacks()).isEmpty();
        assertThat(result.packsWritten()).isEqualTo(1);
        assertThat(result.indexFilesWritten()).isEqualTo(1);
        assertThat(result.indexFilesRemoved()).isEqualTo(6);
        // Kept: the 4 attachment blobs copied, the new attachment, and the second backup's 4 trees.
        assertThat(result.blobsKept()).isEqualTo(9);
        // Removed: 3 unshared data blobs of the first backup, its 3 trees, and the third backup's blob and 2 trees.
        assertThat(result.blobsRemoved()).isEqualTo(9);
        assertThat(result.bytesFreed()).isPositive().isEqualTo(before - SampleRepository.dataBytes(storage));
        assertThat(storage.list(ObjectKind.DATA)).hasSize(3);
        assertCleanAndRestorable(storage, setup.kept(), SECOND_FILES);
    }

    private static void assertCleanAndRestorable(Storage storage, Snapshot kept, Map<String, byte[]> files) throws IOException {
        Repository repo = SampleRepository.open(storage);
        CheckResult check = checkAll(repo);
        assertThat(check.report()).as("check after prune").isEmpty();
        assertThat(check.intactSnapshots()).containsExactly(kept.id());
        assertRestores(repo, kept, files);
    }

    private static void assertRestores(Repository repo, Snapshot snapshot, Map<String, byte[]> files) throws IOException {
        Map<String, byte[]> restored = SampleRepository.restore(repo, snapshot);
        assertThat(restored).containsOnlyKeys(files.keySet());
        files.forEach((path, data) -> assertThat(restored.get(path)).as(path).isEqualTo(data));
    }

    private static PruneResult prune(Repository repo, PruneOptions options) throws IOException {
        return new Pruner(repo).prune(options, repo.locks(HOST, USER));
    }

    private static CheckResult checkAll(Repository repo) throws IOException {
        return new Checker(repo).check(CheckOptions.structure().withReadData(DataSelection.all()), repo.locks(HOST, USER));
    }

    private static void forget(Repository repo, Snapshot... snapshots) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Snapshot s : snapshots) {
            ids.add(s.id());
        }
        new Forgetter(repo).forget(ids, false, repo.locks(HOST, USER), Duration.ZERO);
    }

    /** The crashed process's lock: it would be stale, and 'arca unlock' would remove it. */
    private static void removeLocks(Storage storage) throws IOException {
        for (ObjectInfo lock : storage.list(ObjectKind.LOCKS)) {
            storage.remove(lock.key());
        }
    }
}
