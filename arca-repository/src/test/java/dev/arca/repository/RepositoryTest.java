package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.snapshot.SnapshotNotFoundException;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryTest {
    private final MemoryStorage storage = new MemoryStorage();

    @Test
    void initThenOpenWithThePasswordOnly() throws IOException {
        String id;
        try (Repository r = TestRepositories.init(storage)) {
            id = r.config().id();
        }
        try (Repository r = TestRepositories.open(storage)) {
            assertThat(r.config().id()).isEqualTo(id);
            assertThat(r.config().packSize()).isEqualTo(16 << 20);
        }
        assertThat(storage.list(ObjectKind.KEYS)).hasSize(1);
        assertThat(storage.list(ObjectKind.CONFIG)).hasSize(1);
    }

    @Test
    void wrongPasswordMissingRepositoryAndDoubleInitAreRefused() throws IOException {
        TestRepositories.init(storage).close();
        assertThatThrownBy(() -> Repository.open(storage, "wrong".toCharArray(), Clock.systemUTC()))
                .isInstanceOf(WrongPasswordException.class)
                .hasMessage("wrong password or no key slot matches (tried 1 key slots)");
        assertThatThrownBy(() -> TestRepositories.init(storage)).isInstanceOf(RepositoryExistsException.class)
                .hasMessage("a repository already exists at '" + storage.location() + "'; it is left untouched");
        MemoryStorage empty = new MemoryStorage();
        assertThatThrownBy(() -> TestRepositories.open(empty)).isInstanceOf(NoRepositoryException.class)
                .hasMessage("no Arca repository at '" + empty.location() + "'");
    }

    @Test
    void blobsDeduplicateAndSurviveReopening() throws IOException {
        byte[] a = SampleData.random(3 << 20, 1);
        BlobId id;
        try (Repository r = TestRepositories.init(storage)) {
            Repository.Saved first = r.saveBlob(BlobType.DATA, a, 0, a.length);
            Repository.Saved again = r.saveBlob(BlobType.DATA, a, 0, a.length);
            assertThat(first.added()).isTrue();
            assertThat(again.added()).isFalse();
            assertThat(again.id()).isEqualTo(first.id());
            r.flush();
            id = first.id();
        }
        try (Repository r = TestRepositories.open(storage)) {
            assertThat(r.loadBlob(id)).isEqualTo(a);
            assertThat(r.readBlob(id)).isEqualTo(a);
            assertThat(r.saveBlob(BlobType.DATA, a, 0, a.length).added()).isFalse();
        }
        assertThat(storage.list(ObjectKind.DATA)).hasSize(1);
        assertThat(storage.list(ObjectKind.INDEX)).hasSize(1);
    }

    @Test
    void packsOfManySmallBlobsGetTheirIndexFileBeforeTheFlush() throws Exception {
        Repository.InitOptions fast = TestRepositories.fastOptions();
        Repository.InitOptions smallPacks = new Repository.InitOptions(fast.kdf(), fast.compressionLevel(), 1 << 20,
                fast.chunks(), fast.host(), fast.user());
        try (Repository r = Repository.init(storage, TestRepositories.PASSWORD, smallPacks, Clock.systemUTC())) {
            byte[] blob = new byte[8];
            for (int i = 0; i < 100_000 && (i % 1000 != 0 || storage.list(ObjectKind.INDEX).isEmpty()); i++) {
                java.nio.ByteBuffer.wrap(blob).putLong(i);
                r.saveBlob(BlobType.DATA, blob, 0, blob.length);
            }
            // The pack that passes 65,536 blobs, and the index file after it, are stored by upload threads,
            // which on a loaded machine can finish after the last blob is added (this failed once in a full run).
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (storage.list(ObjectKind.INDEX).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(storage.list(ObjectKind.INDEX)).as("an index file once 65,536 blobs are stored, not only at the flush")
                    .hasSize(1);
            assertThat(storage.list(ObjectKind.DATA)).hasSizeLessThan(64);
        }
    }

    @Test
    void packsAreNamedAtRandomAndHideTheirBlobs() throws IOException {
        byte[] text = "ticket 42: printer on fire\n".repeat(1000).getBytes();
        try (Repository r = TestRepositories.init(storage)) {
            r.saveBlob(BlobType.DATA, text, 0, text.length);
            r.flush();
        }
        ObjectInfo pack = storage.list(ObjectKind.DATA).get(0);
        byte[] bytes = storage.load(pack.key());
        assertThat(pack.key().name()).matches("[0-9a-f]{64}").isNotEqualTo(ContentHash.hex(bytes));
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("printer");
        assertThat(bytes.length).isLessThan(text.length / 10);
    }

    @Test
    void aFlippedByteIsDetectedOnRead() throws IOException {
        byte[] a = SampleData.random(100_000, 2);
        BlobId id;
        try (Repository r = TestRepositories.init(storage)) {
            id = r.saveBlob(BlobType.DATA, a, 0, a.length).id();
            r.flush();
        }
        ObjectKey pack = storage.list(ObjectKind.DATA).get(0).key();
        byte[] bytes = storage.load(pack);
        bytes[50] ^= 1;
        storage.remove(pack);
        storage.save(pack, bytes);
        try (Repository r = TestRepositories.open(storage)) {
            assertThatThrownBy(() -> r.loadBlob(id)).isInstanceOf(CorruptObjectException.class)
                    .hasMessage("blob " + id.hex() + " in pack " + pack.name() + " does not decrypt (damaged or tampered with)");
            assertThatThrownBy(() -> r.readBlob(id)).isInstanceOf(CorruptObjectException.class)
                    .hasMessage("blob " + id.hex() + " in pack " + pack.name() + " does not decrypt (damaged or tampered with)");
        }
    }

    @Test
    void aBlobReadInPlaceOfAnotherDoesNotOpen() throws IOException {
        // Blobs are bound to their ids, so an index or pack that points one id at another blob's
        // bytes fails on the restore's path too, which does not hash the plaintext again.
        byte[] a = SampleData.random(100_000, 3);
        byte[] b = SampleData.random(100_000, 4);
        try (Repository r = TestRepositories.init(storage)) {
            BlobId idA = r.saveBlob(BlobType.DATA, a, 0, a.length).id();
            BlobId idB = r.saveBlob(BlobType.DATA, b, 0, b.length).id();
            r.flush();
            BlobIndex.Location atA = r.index().find(idA).orElseThrow();
            byte[] pack = storage.load(dev.arca.storage.ObjectKey.of(ObjectKind.DATA, atA.pack()));

            assertThatThrownBy(() -> r.openBlobInPlace(idB, atA.pack(), pack, atA.offset(), atA.length()))
                    .isInstanceOf(CorruptObjectException.class)
                    .hasMessage("blob " + idB.hex() + " in pack " + atA.pack() + " does not decrypt (damaged or tampered with)");
            assertThatThrownBy(() -> r.openBlob(idB, atA.pack(), pack, atA.offset(), atA.length()))
                    .isInstanceOf(CorruptObjectException.class);
        }
    }

    @Test
    void snapshotsRoundTripAndAreFoundByPrefixOrLatest() throws IOException {
        try (Repository r = TestRepositories.init(storage)) {
            Tree empty = new Tree(List.of());
            byte[] json = empty.encode();
            String tree = r.saveBlob(BlobType.TREE, json, 0, json.length).id().hex();
            r.flush();
            Snapshot a = r.snapshots().save(snapshot(tree, "2026-11-25T10:00:00Z"));
            Snapshot b = r.snapshots().save(snapshot(tree, "2026-11-26T10:00:00Z"));
            assertThat(r.snapshots().find("latest", null).id()).isEqualTo(b.id());
            assertThat(r.snapshots().find(a.id().substring(0, 8), null).time()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
            assertThat(r.snapshots().load(b.id()).consistency()).containsEntry("lsn", "0/3000060");
            assertThatThrownBy(() -> r.snapshots().find("ffffffff", null)).isInstanceOf(SnapshotNotFoundException.class)
                    .hasMessage("no snapshot with id 'ffffffff'; 'arca snapshots' lists them");
            assertThatThrownBy(() -> r.snapshots().find("latest", "db")).hasMessage("no snapshot of source 'db' in the repository yet");
            assertThat(Tree.decode(tree, r.loadBlob(BlobId.parse(tree)))).isEqualTo(empty);
        }
    }

    private static Snapshot snapshot(String tree, String time) {
        return new Snapshot(null, Instant.parse(time), "h", "u", "files", List.of("/srv"), List.of("daily"), tree, null,
                new Snapshot.Summary(1, 1, 10, 0, 1, 10, 40, 5, 0), Map.of("lsn", "0/3000060"), "arca");
    }

    @Test
    void treesKeepEveryNodeField() throws IOException {
        Node n = new Node("a.txt", Node.Type.FILE, 04755, 1000, 1000, "ann", "staff", Instant.parse("2026-01-01T00:00:00.123456789Z"),
                Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z"), 77, 2049, 2, 6,
                List.of("00".repeat(32)), null, null);
        Tree t = new Tree(List.of(n, new Node("b", Node.Type.SYMLINK, 0777, 0, 0, "root", "root", Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH, 1, 1, 1, 0, null, null, "a.txt")));
        assertThat(Tree.decode("x", t.encode())).isEqualTo(t);
    }

    @Test
    void inPlaceOpenViewsRawAndCompressedBlobsAndRefusesTamperedOnes() throws IOException {
        byte[] raw = SampleData.random(2 << 20, 5);
        byte[] text = SampleData.text(1 << 20);
        try (Repository r = TestRepositories.init(storage)) {
            BlobId rawId = r.saveBlob(BlobType.DATA, raw, 0, raw.length).id();
            BlobId textId = r.saveBlob(BlobType.DATA, text, 0, text.length).id();
            r.flush();
            for (BlobId id : java.util.List.of(rawId, textId)) {
                BlobIndex.Location at = r.index().find(id).orElseThrow();
                byte[] pack = storage.load(dev.arca.storage.ObjectKey.of(ObjectKind.DATA, at.pack()));
                dev.arca.repository.compress.BlobCodec.Plain plain = r.openBlobInPlace(id, at.pack(), pack, at.offset(), at.length());
                byte[] expected = id.equals(rawId) ? raw : text;
                assertThat(java.util.Arrays.copyOfRange(plain.array(), plain.offset(), plain.offset() + plain.length()))
                        .isEqualTo(expected);
                // A raw blob is its decrypted bytes where they were sealed: no copy.
                assertThat(plain.array() == pack).isEqualTo(id.equals(rawId));

                byte[] again = storage.load(dev.arca.storage.ObjectKey.of(ObjectKind.DATA, at.pack()));
                again[at.offset() + at.length() / 2] ^= 1;
                assertThatThrownBy(() -> r.openBlobInPlace(id, at.pack(), again, at.offset(), at.length()))
                        .isInstanceOf(CorruptObjectException.class)
                        .hasMessage("blob " + id.hex() + " in pack " + at.pack() + " does not decrypt (damaged or tampered with)");
                assertThatThrownBy(() -> r.verifyBlob(id, at.pack(), again, at.offset(), at.length()))
                        .isInstanceOf(CorruptObjectException.class)
                        .hasMessage("blob " + id.hex() + " in pack " + at.pack() + " does not decrypt (damaged or tampered with)");
            }
        }
    }
}
