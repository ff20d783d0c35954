package dev.arca.repository.prune;

import static dev.arca.repository.check.SampleRepository.HOST;
import static dev.arca.repository.check.SampleRepository.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.Repository;
import dev.arca.repository.check.CheckOptions;
import dev.arca.repository.check.CheckResult;
import dev.arca.repository.check.Checker;
import dev.arca.repository.check.DataSelection;
import dev.arca.repository.check.SampleRepository;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.snapshot.SnapshotNotFoundException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForgetterTest {
    private final MemoryStorage storage = new MemoryStorage();
    private Repository repo;
    private SampleRepository.Backups backups;

    @BeforeEach
    void backUp() throws IOException {
        repo = SampleRepository.create(storage);
        backups = SampleRepository.backUpThree(repo);
    }

    @Test
    void forgettingRemovesTheSnapshotsNamedAndLeavesTheDataToPrune() throws IOException {
        long data = SampleRepository.dataBytes(storage);

        List<String> forgotten = forget(List.of(backups.first().id(), backups.third().id()), false);

        assertThat(forgotten).containsExactly(backups.first().id(), backups.third().id());
        assertThat(repo.snapshots().list()).containsExactly(backups.second());
        assertThat(SampleRepository.dataBytes(storage)).isEqualTo(data);
    }

    @Test
    void aDryRunNamesTheSnapshotsAndKeepsThem() throws IOException {
        assertThat(forget(List.of(backups.second().id()), true)).containsExactly(backups.second().id());

        assertThat(repo.snapshots().list()).containsExactly(backups.first(), backups.second(), backups.third());
    }

    @Test
    void anUnknownIdForgetsNothing() throws IOException {
        String unknown = "ab".repeat(32);

        assertThatThrownBy(() -> forget(List.of(backups.first().id(), unknown), false))
                .isInstanceOf(SnapshotNotFoundException.class)
                .hasMessage("snapshot " + unknown + ": not in the repository (forgotten already?); nothing was forgotten");
        assertThat(storage.list(ObjectKind.SNAPSHOTS)).hasSize(3);
    }

    @Test
    void forgetAndPruneRefuseASharedLock() throws IOException {
        try (HeldLock shared = repo.locks(HOST, USER).acquire(false, "backup", Duration.ZERO)) {
            assertThatThrownBy(() -> new Forgetter(repo).forget(List.of(backups.first().id()), false, shared))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("forget needs an exclusive lock, not a shared lock for 'backup' by tester@testhost");
            assertThatThrownBy(() -> new Pruner(repo).prune(PruneOptions.defaults(), shared))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("prune needs an exclusive lock, not a shared lock for 'backup'");
        }
        assertThat(storage.list(ObjectKind.SNAPSHOTS)).hasSize(3);
    }

    @Test
    void aDamagedSnapshotCanBeForgottenWhichMakesTheRepositorySoundForPrune() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.SNAPSHOTS, backups.third().id());
        byte[] bytes = storage.load(key);
        bytes[bytes.length / 2] ^= 1;
        SampleRepository.replace(storage, key, bytes);
        assertThatThrownBy(() -> prune()).isInstanceOf(DamagedRepositoryException.class)
                .hasMessageEndingWith("snapshot " + backups.third().id() + ": content does not match its name (damaged)");

        forget(List.of(backups.third().id()), false);

        assertThat(prune().deletedPacks()).hasSize(2);
        CheckResult check = new Checker(repo).check(CheckOptions.structure().withReadData(DataSelection.all()),
                repo.locks(HOST, USER));
        assertThat(check.report()).isEmpty();
        assertThat(check.intactSnapshots()).containsExactly(backups.first().id(), backups.second().id());
    }

    private PruneResult prune() throws IOException {
        return new Pruner(repo).prune(PruneOptions.defaults(), repo.locks(HOST, USER));
    }

    private List<String> forget(List<String> ids, boolean dryRun) throws IOException {
        return new Forgetter(repo).forget(ids, dryRun, repo.locks(HOST, USER), Duration.ZERO);
    }
}
