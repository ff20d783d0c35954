package dev.arca.protect.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupProgress;
import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.RestoreResult;
import dev.arca.protect.restore.Restorer;
import dev.arca.repository.Repository;
import dev.arca.repository.check.CheckOptions;
import dev.arca.repository.check.CheckResult;
import dev.arca.repository.check.Checker;
import dev.arca.repository.check.DataSelection;
import dev.arca.repository.chunker.ChunkSizes;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.TreeWalker;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.decorate.Fault;
import dev.arca.storage.decorate.FaultyStorage;
import dev.arca.storage.decorate.Operation;
import dev.arca.storage.local.LocalStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies between local repositories in temporary directories, with small chunks and packs so that data spreads wide. */
class CopierTest {
    private static final char[] SOURCE_PASSWORD = "source password".toCharArray();
    private static final char[] TARGET_PASSWORD = "target password".toCharArray();
    private static final Repository.InitOptions SMALL = new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1), 3, 1 << 20,
            new ChunkSizes(16 << 10, 64 << 10, 256 << 10), "host", "tester");

    @TempDir
    Path tmp;

    private Path data;
    private Path sourceDir;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        sourceDir = tmp.resolve("source");
        Random random = new Random(5);
        for (int i = 0; i < 4; i++) {
            byte[] file = new byte[1 << 20];
            random.nextBytes(file);
            Files.write(data.resolve("file" + i + ".bin"), file);
        }
        Files.createDirectories(data.resolve("docs"));
        Files.writeString(data.resolve("docs/readme.txt"), "copy me\n".repeat(2000));
        try (Repository r = Repository.init(LocalStorage.open(sourceDir, true), SOURCE_PASSWORD, SMALL, Clock.systemUTC())) {
            assertThat(r.config().id()).isNotEmpty();
        }
    }

    private Repository source() throws IOException {
        return open(LocalStorage.open(sourceDir, false), SOURCE_PASSWORD);
    }

    private static Repository open(Storage storage, char[] password) throws IOException {
        try {
            return Repository.open(storage, password, Clock.systemUTC());
        } catch (WrongPasswordException e) {
            throw new AssertionError(e);
        }
    }

    /** A new target created like the source. */
    private Path likeTarget(String name) throws IOException {
        Path dir = tmp.resolve(name);
        try (Repository s = source(); Repository t = Repository.initLike(LocalStorage.open(dir, true), TARGET_PASSWORD, s, SMALL,
                Clock.systemUTC())) {
            assertThat(t.sharesBlobIdsWith(s)).isTrue();
        }
        return dir;
    }

    private Snapshot backup() throws IOException {
        try (Repository r = source(); Archiver a = new Archiver(r)) {
            List<Snapshot> before = r.snapshots().list();
            Optional<Snapshot> parent = before.isEmpty() ? Optional.empty() : Optional.of(before.getLast());
            return a.backup(new BackupOptions(List.of(data), List.of(), List.of("daily"), parent, "files", "host", "tester",
                    Duration.ZERO), new BackupProgress()).snapshot();
        }
    }

    private CopyResult copy(Path target, String... refs) throws IOException {
        return copy(LocalStorage.open(target, false), CopyOptions.defaults("host", "tester"), refs);
    }

    private CopyResult copy(Storage target, CopyOptions options, String... refs) throws IOException {
        try (Repository s = source(); Repository t = open(target, TARGET_PASSWORD)) {
            return new Copier(s, t, options).copy(List.of(refs));
        }
    }

    /** Changes about 1% of the data: 40 KiB in the middle of one 1 MiB file. */
    private void changeOnePercent() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(data.resolve("file2.bin").toFile(), "rw")) {
            byte[] patch = new byte[40 << 10];
            new Random(9).nextBytes(patch);
            f.seek(500_000);
            f.write(patch);
        }
    }

    private static long storedBytes(Path repo) throws IOException {
        try (Storage s = LocalStorage.open(repo, false)) {
            return s.list(ObjectKind.DATA).stream().mapToLong(ObjectInfo::size).sum();
        }
    }

    private void assertRestoresIdentically(Path target, Snapshot snapshot) throws IOException {
        Path out = tmp.resolve("restore-" + snapshot.shortId());
        try (Repository t = open(LocalStorage.open(target, false), TARGET_PASSWORD)) {
            Snapshot copied = t.snapshots().list().stream().filter(x -> x.tree().equals(snapshot.tree())).findFirst().orElseThrow();
            RestoreResult r = new Restorer(t, RestoreOptions.defaults()).restore(copied, out);
            assertThat(r.partial()).isFalse();
        }
        Path back = out.resolve(data.toString().substring(1));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readAllBytes(back.resolve(data.relativize(f).toString()))).as(f.toString())
                        .isEqualTo(Files.readAllBytes(f));
            }
        }
    }

    @Test
    void copiesSnapshotsThenSendsNothingAgainThenOnlyWhatChanged() throws IOException {
        backup();
        Files.writeString(data.resolve("docs/new.txt"), "second snapshot\n");
        Snapshot second = backup();
        Path target = likeTarget("target");

        CopyResult first = copy(target);

        assertThat(first.snapshots()).extracting(SnapshotCopy::outcome)
                .containsExactly(SnapshotCopy.Outcome.COPIED, SnapshotCopy.Outcome.COPIED);
        int sourceBlobs;
        try (Repository s = source()) {
            sourceBlobs = s.index().size();
        }
        assertThat(first.blobsSent()).isEqualTo(sourceBlobs);
        // The second snapshot shares all but its new file and the trees above it with the first.
        try (Repository s = source()) {
            Set<String> used = usedIds(s, second);
            SnapshotCopy c = first.snapshots().get(1);
            assertThat(c.blobsSent() + c.blobsSkipped()).isEqualTo(used.size());
            assertThat(c.blobsSent()).isEqualTo(used.size() - usedIds(s, s.snapshots().list().getFirst()).stream()
                    .filter(used::contains).count());
        }
        assertRestoresIdentically(target, second);

        CopyResult again = copy(target);
        assertThat(again.blobsSent()).isZero();
        assertThat(again.snapshots()).extracting(SnapshotCopy::outcome)
                .containsExactly(SnapshotCopy.Outcome.PRESENT, SnapshotCopy.Outcome.PRESENT);
        assertThat(again.snapshots()).extracting(SnapshotCopy::target).containsExactlyElementsOf(
                first.snapshots().stream().map(SnapshotCopy::target).toList());

        changeOnePercent();
        Snapshot third = backup();
        int newInSource;
        try (Repository s = source()) {
            newInSource = s.index().size() - sourceBlobs;
        }
        CopyResult incremental = copy(target);

        assertThat(incremental.snapshots()).extracting(SnapshotCopy::outcome).containsExactly(SnapshotCopy.Outcome.PRESENT,
                SnapshotCopy.Outcome.PRESENT, SnapshotCopy.Outcome.COPIED);
        assertThat(incremental.blobsSent()).isEqualTo(newInSource);
        // New: the changed file's chunks that its earlier version lacked, and trees: those from the root down
        // to the data directory, and any whose entries' access times the last backup's reading moved. How
        // many chunks depends on where the repository's random chunker secret cuts (1 to 6 were seen in 30
        // runs, and 9 once in CI), so they are counted, not bounded by a guess.
        try (Repository s = source()) {
            Set<String> added = usedIds(s, third);
            added.removeAll(usedIds(s, second));
            Set<String> newContent = contentIds(s, third);
            newContent.removeAll(contentIds(s, second));
            assertThat(newInSource).isEqualTo(added.size());
            assertThat(added).containsAll(newContent);
            assertThat(newContent).isNotEmpty();
            assertThat(added.size() - newContent.size()).isGreaterThanOrEqualTo(data.getNameCount() + 1);
        }
        assertThat(incremental.blobsSent()).isLessThan(first.blobsSent() / 3);
        assertRestoresIdentically(target, third);
        try (Repository t = open(LocalStorage.open(target, false), TARGET_PASSWORD)) {
            List<Snapshot> copied = t.snapshots().list();
            assertThat(copied.get(2).parent()).isEqualTo(copied.get(1).id());
            assertThat(copied.get(2).time()).isEqualTo(third.time());
            assertThat(copied.get(2).summary()).isEqualTo(third.summary());
        }
    }

    @Test
    void theTargetStoresAboutWhatTheSourceStores() throws IOException {
        backup();
        changeOnePercent();
        backup();
        Path target = likeTarget("target");

        copy(target);

        long source = storedBytes(sourceDir);
        long copied = storedBytes(target);
        assertThat((double) copied).isCloseTo(source, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void anInterruptedCopyLeavesAValidTargetAndTheRerunSendsOnlyTheRest() throws IOException {
        backup();
        changeOnePercent();
        backup();
        long whole = copy(likeTarget("reference")).blobsSent();
        Path target = likeTarget("target");
        CopyOptions flushOften = CopyOptions.defaults("host", "tester").withFlushEvery(1 << 20);
        FaultyStorage failing = FaultyStorage.wrap(LocalStorage.open(target, false))
                .inject(Fault.fail().on(Operation.SAVE).in(ObjectKind.DATA).after(3));

        assertThatThrownBy(() -> copy(failing, flushOften)).isInstanceOf(IOException.class)
                .hasMessageContaining("injected failure of");

        try (Repository t = open(LocalStorage.open(target, false), TARGET_PASSWORD)) {
            CheckResult check = new Checker(t).check(CheckOptions.structure().withReadData(DataSelection.all()),
                    t.locks("host", "tester"));
            assertThat(check.errors()).isEmpty();
            assertThat(t.index().size()).isPositive();
            for (Snapshot s : t.snapshots().list()) {
                assertThat(check.intactSnapshots()).contains(s.id());
            }
        }
        CopyResult rerun = copy(target);
        assertThat(rerun.count(SnapshotCopy.Outcome.FAILED)).isZero();
        assertThat(rerun.blobsSent()).isPositive().isLessThan(whole);
        assertRestoresIdentically(target, backupsInSource().getLast());
    }

    private List<Snapshot> backupsInSource() throws IOException {
        try (Repository s = source()) {
            return s.snapshots().list();
        }
    }

    @Test
    void aDamagedBlobFailsItsSnapshotAloneAndNamesIt() throws IOException {
        Snapshot first = backup();
        changeOnePercent();
        Snapshot second = backup();
        BlobId damaged;
        try (Repository s = source()) {
            Set<String> old = contentIds(s, first);
            damaged = BlobId.parse(contentIds(s, second).stream().filter(id -> !old.contains(id)).sorted().findFirst().orElseThrow());
            BlobIndex.Location at = s.index().find(damaged).orElseThrow();
            Path pack = sourceDir.resolve("data").resolve(at.pack().substring(0, 2)).resolve(at.pack());
            try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
                f.seek(at.offset() + at.length() / 2);
                int b = f.read();
                f.seek(at.offset() + at.length() / 2);
                f.write(b ^ 0xff);
            }
        }
        Path target = likeTarget("target");

        CopyResult result = copy(target);

        assertThat(result.snapshots()).extracting(SnapshotCopy::outcome)
                .containsExactly(SnapshotCopy.Outcome.COPIED, SnapshotCopy.Outcome.FAILED);
        SnapshotCopy failed = result.snapshots().get(1);
        assertThat(failed.target()).isNull();
        assertThat(failed.error()).startsWith("snapshot " + second.shortId() + " not copied: blob " + damaged.hex() + " in pack ")
                .endsWith("does not decrypt (damaged or tampered with)");
        assertThat(result.partial()).isTrue();
        try (Repository t = open(LocalStorage.open(target, false), TARGET_PASSWORD)) {
            assertThat(t.snapshots().list()).extracting(Snapshot::tree).containsExactly(first.tree());
            assertThat(t.index().contains(damaged)).isFalse();
        }
    }

    /** Every blob a snapshot uses: its trees and its files' data. */
    private static Set<String> usedIds(Repository r, Snapshot s) throws IOException {
        Set<String> ids = contentIds(r, s);
        ids.add(s.tree());
        new TreeWalker(r).walk(s.tree(), (path, node) -> {
            if (node.subtree() != null) {
                ids.add(node.subtree());
            }
            return true;
        });
        return ids;
    }

    private static Set<String> contentIds(Repository r, Snapshot s) throws IOException {
        Set<String> ids = new HashSet<>();
        new TreeWalker(r).walk(s.tree(), (path, node) -> {
            if (node.type() == Node.Type.FILE && node.content() != null) {
                ids.addAll(node.content());
            }
            return true;
        });
        return ids;
    }

    @Test
    void aTargetNotCreatedLikeTheSourceIsRefused() throws IOException {
        Path other = tmp.resolve("other");
        Repository.init(LocalStorage.open(other, true), TARGET_PASSWORD, SMALL, Clock.systemUTC()).close();
        try (Repository s = source(); Repository t = open(LocalStorage.open(other, false), TARGET_PASSWORD)) {
            assertThatThrownBy(() -> new Copier(s, t, CopyOptions.defaults("host", "tester")))
                    .isInstanceOf(UnrelatedRepositoryException.class)
                    .hasMessage("cannot copy into '" + other + "': it was not created like '" + sourceDir
                            + "', so the same data has other blob ids there");
            assertThat(t.storage().list(ObjectKind.LOCKS)).isEmpty();
        }
    }

    @Test
    void logPiecesAreCopiedOnceAndReadWithTheTargetKey() throws IOException {
        byte[] wal = new byte[300_000];
        new Random(11).nextBytes(wal);
        Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
        try (Repository s = source()) {
            s.logs().complete("pg", "000000010000000000000007", new ByteArrayInputStream(wal), wal.length, t0);
            s.logs().append("pg", "000000010000000000000008", 0, wal, 1000, t0.plusSeconds(5));
        }
        Path target = likeTarget("target");

        CopyResult first = copy(target);
        CopyResult second = copy(target);

        assertThat(first.logs()).isEqualTo(new LogCopy(2, wal.length + 1000, 0, List.of()));
        assertThat(second.logs()).isEqualTo(new LogCopy(0, 0, 2, List.of()));
        try (Repository t = open(LocalStorage.open(target, false), TARGET_PASSWORD)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.logs().copy(t.logs().file("pg", "000000010000000000000007").orElseThrow(), out);
            assertThat(out.toByteArray()).isEqualTo(wal);
            assertThat(t.logs().file("pg", "000000010000000000000008").orElseThrow().end()).isEqualTo(1000);
        }
    }
}
