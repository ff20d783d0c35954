package dev.arca.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupProgress;
import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.Restorer;
import dev.arca.repository.Repository;
import dev.arca.repository.check.CheckOptions;
import dev.arca.repository.check.CheckResult;
import dev.arca.repository.check.Checker;
import dev.arca.repository.check.DataSelection;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.lock.RepositoryLockedException;
import dev.arca.repository.prune.PruneOptions;
import dev.arca.repository.prune.Pruner;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.storage.Storage;
import dev.arca.storage.local.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes' worth of work on one repository: concurrent backups share it, prune waits its turn. */
class ConcurrencyTest {
    private static final char[] PASSWORD = "pw".toCharArray();

    @TempDir
    Path tmp;

    private Repository open(Storage s) throws Exception {
        return Repository.open(s, PASSWORD, Clock.systemUTC());
    }

    private Snapshot backup(Path repo, Path data) throws Exception {
        try (Storage s = LocalStorage.open(repo, false); Repository r = open(s); Archiver a = new Archiver(r)) {
            return a.backup(new BackupOptions(List.of(data), List.of(), List.of(), Optional.empty(), "files", "h", "u",
                    Duration.ZERO), new BackupProgress()).snapshot();
        }
    }

    private static Path dataSet(Path dir, int seed) throws Exception {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        for (int i = 0; i < 4; i++) {
            byte[] b = new byte[2 << 20];
            random.nextBytes(b);
            Files.write(dir.resolve("file-" + i + ".bin"), b);
        }
        // A file both data sets share, so both backups race to store the same blobs.
        Files.writeString(dir.resolve("shared.txt"), "the same in both\n".repeat(100_000));
        return dir;
    }

    @Test
    void twoBackupsAtTheSameTimeBothSucceedAndPruneWaitsForThem() throws Exception {
        Path repo = tmp.resolve("repo");
        try (Storage s = LocalStorage.open(repo, true)) {
            Repository.InitOptions d = Repository.InitOptions.defaults("h", "u");
            Repository.init(s, PASSWORD, new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1), d.compressionLevel(),
                    2 << 20, d.chunks(), "h", "u"), Clock.systemUTC()).close();
        }
        Path a = dataSet(tmp.resolve("a"), 1);
        Path b = dataSet(tmp.resolve("b"), 2);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Snapshot> first = CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
                return backup(repo, a);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Snapshot> second = CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
                return backup(repo, b);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        start.countDown();
        Snapshot sa = first.get();
        Snapshot sb = second.get();

        try (Storage s = LocalStorage.open(repo, false); Repository r = open(s)) {
            CheckResult check = new Checker(r).check(CheckOptions.structure().withReadData(DataSelection.all()),
                    r.locks("h", "u"));
            assertThat(check.errors()).isEmpty();
            for (Snapshot snap : List.of(sa, sb)) {
                Path target = Files.createTempDirectory(tmp, "restore");
                new Restorer(r, RestoreOptions.defaults()).restore(r.snapshots().load(snap.id()), target);
                Path source = Path.of(snap.paths().get(0));
                for (String name : List.of("file-0.bin", "file-3.bin", "shared.txt")) {
                    assertThat(Files.readAllBytes(target.resolve(source.toString().substring(1)).resolve(name)))
                            .isEqualTo(Files.readAllBytes(source.resolve(name)));
                }
            }

            // A backup in progress holds a shared lock: prune refuses at once, or waits for it to end.
            HeldLock backupLock = r.locks("other-host", "u").acquire(false, "backup", Duration.ZERO);
            assertThatThrownBy(() -> new Pruner(r).prune(PruneOptions.defaults(), r.locks("h", "u")))
                    .isInstanceOf(RepositoryLockedException.class)
                    .hasMessageStartingWith("repository is locked by shared lock for 'backup' by u@other-host");
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    backupLock.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(new Pruner(r).prune(PruneOptions.defaults().withLockWait(Duration.ofSeconds(30)), r.locks("h", "u"))
                    .dryRun()).isFalse();
        }
    }
}
