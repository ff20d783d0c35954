package dev.arca.repository.check;

import static dev.arca.repository.check.SampleRepository.ATTACHMENT;
import static dev.arca.repository.check.SampleRepository.BLOB;
import static dev.arca.repository.check.SampleRepository.HOST;
import static dev.arca.repository.check.SampleRepository.NEW_ATTACHMENT;
import static dev.arca.repository.check.SampleRepository.NOTES;
import static dev.arca.repository.check.SampleRepository.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.ContentHash;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.index.IndexFile;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.lock.RepositoryLockedException;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private final MemoryStorage storage = new MemoryStorage();
    private Repository repo;
    private Snapshot first;
    private Snapshot second;
    private Snapshot third;

    @BeforeEach
    void backUp() throws IOException {
        repo = SampleRepository.create(storage);
        SampleRepository.Backups backups = SampleRepository.backUpThree(repo);
        first = backups.first();
        second = backups.second();
        third = backups.third();
    }

    @Test
    void aSoundRepositoryPassesAndTheCountsSayWhatWasRead() throws IOException {
        CheckResult result = check(DataSelection.all());

        assertThat(result.ok()).isTrue();
        assertThat(result.report()).isEmpty();
        assertThat(result.intactSnapshots()).containsExactly(first.id(), second.id(), third.id());
        CheckResult.Counts counts = result.counts();
        assertThat(counts.snapshots()).isEqualTo(3);
        // Root, srv and uploads for the first; root, srv, archive and uploads for the second; root and srv for the third.
        assertThat(counts.trees()).isEqualTo(9);
        assertThat(counts.packs()).isEqualTo(6);
        assertThat(counts.packsRead()).isEqualTo(6);
        assertThat(counts.bytesRead()).isEqualTo(SampleRepository.dataBytes(storage));
        assertThat(counts.blobsRead()).isEqualTo(counts.blobs());
        // Blobs of 4 KiB: 4 + 2 + 1 for the first, 1 for the second, 1 for the third, and the 9 trees.
        assertThat(counts.blobs()).isEqualTo(18);
    }

    @Test
    void aFlippedByteInADataBlobIsFoundByReadingTheDataAndTracedToEveryPathThatNeedsIt() throws IOException {
        BlobId damaged = repo.hasher().hash(ATTACHMENT, BLOB, BLOB);
        BlobIndex.Location at = repo.index().find(damaged).orElseThrow();
        SampleRepository.flipBit(storage, at.pack(), at.offset() + 40);

        assertThat(check(DataSelection.none()).ok()).as("the structure check reads no data blob").isTrue();
        CheckResult result = check(DataSelection.all());

        assertThat(result.errors()).containsExactly(
                "blob " + damaged.hex() + " in pack " + at.pack() + ": does not decrypt (damaged or tampered with)");
        assertThat(result.blobs()).singleElement().satisfies(b -> assertThat(b.affects()).containsExactly(
                new AffectedPath(first.id(), "/srv/uploads/att_00012.bin", false),
                new AffectedPath(second.id(), "/srv/archive/att_00012.bin", false),
                new AffectedPath(second.id(), "/srv/uploads/att_00012.bin", false)));
        assertThat(result.report()).containsExactly(
                "blob " + damaged.hex() + " in pack " + at.pack() + ": does not decrypt (damaged or tampered with)",
                "  affects snapshot " + first.shortId() + ": /srv/uploads/att_00012.bin",
                "  affects snapshot " + second.shortId() + ": /srv/archive/att_00012.bin",
                "  affects snapshot " + second.shortId() + ": /srv/uploads/att_00012.bin");
        assertThat(result.blobs().get(0).affects()).extracting(AffectedPath::path)
                .doesNotContain("/srv/uploads/att_00013.bin", "/srv/notes.txt", "/srv/uploads/att_00014.bin");
        assertThat(result.intactSnapshots()).containsExactly(third.id());
    }

    @Test
    void slicesOfTheDataTogetherReadEveryPackOnceAndFindTheDamageInOne() throws IOException {
        BlobId damaged = repo.hasher().hash(NEW_ATTACHMENT);
        BlobIndex.Location at = repo.index().find(damaged).orElseThrow();
        SampleRepository.flipBit(storage, at.pack(), at.offset() + 40);

        CheckResult firstHalf = check(new DataSelection.Slice(1, 2));
        CheckResult secondHalf = check(new DataSelection.Slice(2, 2));

        assertThat(firstHalf.counts().packsRead() + secondHalf.counts().packsRead()).isEqualTo(6);
        assertThat(firstHalf.counts().bytesRead() + secondHalf.counts().bytesRead())
                .isEqualTo(SampleRepository.dataBytes(storage));
        assertThat(List.of(firstHalf.ok(), secondHalf.ok())).containsExactlyInAnyOrder(true, false);
        CheckResult found = firstHalf.ok() ? secondHalf : firstHalf;
        assertThat(found.blobs()).singleElement().satisfies(b -> {
            assertThat(b.text()).isEqualTo("blob " + damaged.hex() + " in pack " + at.pack()
                    + ": does not decrypt (damaged or tampered with)");
            assertThat(b.affects()).containsExactly(new AffectedPath(second.id(), "/srv/uploads/att_00014.bin", false));
        });
    }

    @Test
    void aDamagedTreeIsFoundByTheStructureCheckAndLosesTheWholeDirectory() throws IOException {
        BlobId uploads = subtree(first, "srv", "uploads");
        BlobIndex.Location at = repo.index().find(uploads).orElseThrow();
        SampleRepository.flipBit(storage, at.pack(), at.offset() + 40);

        CheckResult structure = check(DataSelection.none());
        CheckResult data = check(DataSelection.all());

        String tree = "tree " + uploads.hex() + " in pack " + at.pack() + ": does not decrypt (damaged or tampered with)";
        assertThat(structure.errors()).containsExactly(tree);
        assertThat(structure.blobs().get(0).affects()).containsExactly(new AffectedPath(first.id(), "/srv/uploads", true));
        assertThat(structure.report()).containsExactly(tree,
                "  affects snapshot " + first.shortId() + ": /srv/uploads (the whole directory)");
        assertThat(data.errors()).as("reading the pack again does not report the same tree twice")
                .containsExactly(tree);
        assertThat(data.intactSnapshots()).containsExactly(second.id(), third.id());
    }

    @Test
    void aMissingPackIsReportedWithTheFilesWhoseDataItHeld() throws IOException {
        BlobId lost = repo.hasher().hash(NEW_ATTACHMENT);
        String pack = repo.index().find(lost).orElseThrow().pack();
        String index = indexListing(pack);
        storage.remove(ObjectKey.of(ObjectKind.DATA, pack));

        for (DataSelection selection : List.of(DataSelection.none(), DataSelection.all())) {
            CheckResult result = check(selection);

            assertThat(result.errors()).containsExactly(
                    "pack " + pack + ": missing (index " + index + " lists it)",
                    "blob " + lost.hex() + " in pack " + pack + ": its pack is missing");
            assertThat(result.blobs().get(0).affects())
                    .containsExactly(new AffectedPath(second.id(), "/srv/uploads/att_00014.bin", false));
            assertThat(result.intactSnapshots()).containsExactly(first.id(), third.id());
        }
    }

    @Test
    void aTruncatedPackLosesTheBlobsBeyondItsEnd() throws IOException {
        BlobId last = repo.hasher().hash(NOTES);
        BlobIndex.Location at = repo.index().find(last).orElseThrow();
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, at.pack());
        byte[] bytes = storage.load(key);
        long expected = bytes.length;
        SampleRepository.replace(storage, key, Arrays.copyOf(bytes, at.offset() + 10));

        CheckResult result = check(DataSelection.none());

        assertThat(result.packs()).extracting(ObjectDamage::text).containsExactly("pack " + at.pack() + ": truncated: holds "
                + (at.offset() + 10) + " of the " + expected + " bytes its index entries need");
        assertThat(result.blobs()).extracting(BlobDamage::text)
                .contains("blob " + last.hex() + " in pack " + at.pack() + ": lies beyond the end of its pack (truncated)");
        assertThat(result.blobs()).filteredOn(b -> b.id().equals(last)).singleElement()
                .satisfies(b -> assertThat(b.affects()).containsExactly(new AffectedPath(first.id(), "/srv/notes.txt", false)));
    }

    @Test
    void aTruncatedIndexFileIsReportedAndWhatOnlyItIndexedIsMissing() throws IOException {
        BlobId root = BlobId.parse(second.tree());
        String treePack = repo.index().find(root).orElseThrow().pack();
        String index = indexListing(treePack);
        ObjectKey key = ObjectKey.of(ObjectKind.INDEX, index);
        byte[] bytes = storage.load(key);
        SampleRepository.replace(storage, key, Arrays.copyOf(bytes, bytes.length / 2));

        CheckResult result = check(DataSelection.all());

        assertThat(result.errors()).containsExactly(
                "index " + index + ": content does not match its name (damaged)",
                "tree " + root.hex() + ": not in the index (missing)");
        assertThat(result.blobs().get(0).affects()).containsExactly(new AffectedPath(second.id(), "/", true));
        assertThat(result.report()).contains("  affects snapshot " + second.shortId() + ": / (the whole directory)");
        assertThat(result.garbagePacks()).containsExactly(treePack);
        assertThat(result.intactSnapshots()).containsExactly(first.id(), third.id());
    }

    @Test
    void aMalformedIndexFileIsReportedAsSuch() throws IOException {
        byte[] valid = new IndexFile(List.of(), List.of()).encode();
        String name = repo.objects().saveNamedByContent(ObjectKind.INDEX, Arrays.copyOf(valid, valid.length - 2));
        String foreign = ContentHash.hex("not sealed at all".repeat(3).getBytes(StandardCharsets.UTF_8));
        storage.save(ObjectKey.of(ObjectKind.INDEX, foreign), "not sealed at all".repeat(3).getBytes(StandardCharsets.UTF_8));

        CheckResult result = check(DataSelection.none());

        assertThat(result.errors()).containsExactlyInAnyOrder(
                "index " + name + ": truncated or malformed",
                "index " + foreign + ": does not decrypt (damaged or tampered with)");
        assertThat(result.intactSnapshots()).containsExactly(first.id(), second.id(), third.id());
    }

    @Test
    void aSnapshotWhoseSubtreeWasNeverStoredLosesThatDirectoryOnly() throws IOException {
        String notes = repo.hasher().hash(NOTES).hex();
        BlobId absent = repo.hasher().hash(new Tree(List.of(SampleRepository.file("gone.bin", List.of(notes), 500))).encode());
        String srv = SampleRepository.saveTree(repo, new Tree(List.of(
                SampleRepository.dir("uploads", absent.hex()), SampleRepository.file("notes.txt", List.of(notes), 500))));
        String root = SampleRepository.saveTree(repo, new Tree(List.of(SampleRepository.dir("srv", srv))));
        repo.flush();
        Snapshot broken = repo.snapshots().save(new Snapshot(null, first.time().plusSeconds(60), HOST, USER, "files",
                List.of("/srv"), List.of(), root, null, null, null, "arca-test"));

        CheckResult result = check(DataSelection.all());

        assertThat(result.errors()).containsExactly("tree " + absent.hex() + ": not in the index (missing)");
        assertThat(result.blobs().get(0).affects()).containsExactly(new AffectedPath(broken.id(), "/srv/uploads", true));
        assertThat(result.intactSnapshots()).containsExactlyInAnyOrder(first.id(), second.id(), third.id());
    }

    @Test
    void aDamagedSnapshotDocumentIsNamed() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.SNAPSHOTS, third.id());
        byte[] bytes = storage.load(key);
        bytes[bytes.length / 2] ^= 1;
        SampleRepository.replace(storage, key, bytes);

        CheckResult result = check(DataSelection.none());

        assertThat(result.errors()).containsExactly("snapshot " + third.id() + ": content does not match its name (damaged)");
        assertThat(result.intactSnapshots()).containsExactly(first.id(), second.id());
        assertThat(result.counts().snapshots()).isEqualTo(3);
    }

    @Test
    void anUnindexedPackIsGarbageNotDamage() throws IOException {
        String name = SampleRepository.addGarbagePack(storage, 7);

        CheckResult result = check(DataSelection.all());

        assertThat(result.ok()).isTrue();
        assertThat(result.garbagePacks()).containsExactly(name);
        assertThat(result.report()).containsExactly(
                "pack " + name + ": in no index (left by an interrupted backup or prune; prune removes it)");
    }

    @Test
    void aCheckWaitsForNoPruneAndSaysWhoHoldsTheRepository() throws IOException {
        try (HeldLock prune = repo.locks("otherhost", "admin").acquire(true, "prune", Duration.ZERO)) {
            assertThatThrownBy(() -> check(DataSelection.none()))
                    .isInstanceOf(RepositoryLockedException.class)
                    .hasMessageContaining("exclusive lock for 'prune' by admin@otherhost");
        }
        assertThat(check(DataSelection.none()).ok()).isTrue();
    }

    private CheckResult check(DataSelection selection) throws IOException {
        return new Checker(repo).check(CheckOptions.structure().withReadData(selection), repo.locks(HOST, USER));
    }

    private BlobId subtree(Snapshot snapshot, String... path) throws IOException {
        String id = snapshot.tree();
        for (String name : path) {
            id = Tree.decode(id, repo.loadBlob(BlobId.parse(id))).find(name).orElseThrow().subtree();
        }
        return BlobId.parse(id);
    }

    private String indexListing(String pack) throws IOException {
        for (String name : repo.objects().names(ObjectKind.INDEX)) {
            IndexFile file = IndexFile.decode(name, repo.objects().load(ObjectKey.of(ObjectKind.INDEX, name)));
            if (file.packs().stream().anyMatch(p -> p.pack().equals(pack))) {
                return name;
            }
        }
        throw new AssertionError("no index file lists pack " + pack);
    }
}
