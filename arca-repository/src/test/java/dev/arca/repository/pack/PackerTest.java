package dev.arca.repository.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.BlobType;
import dev.arca.repository.ContentHash;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.decorate.Fault;
import dev.arca.storage.decorate.FaultyStorage;
import dev.arca.storage.decorate.Operation;
import dev.arca.storage.local.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packs are composed in the storage's scratch files; these tests hold the packer to leaving none behind. */
class PackerTest {
    private static final int PACK = 64 << 10;

    @TempDir
    Path dir;

    private final ObjectCipher cipher = new ObjectCipher(new byte[32]);

    @Test
    void packsLandWholeAndTheirScratchFilesAreGone() throws Exception {
        LocalStorage storage = LocalStorage.open(dir, true);
        List<FinishedPack> stored = new ArrayList<>();
        List<BlobId> ids = new ArrayList<>();
        try (Packer packer = new Packer(storage, cipher, PACK, 2, p -> {
            synchronized (stored) {
                stored.add(p);
            }
        })) {
            for (int i = 0; i < 20; i++) {
                byte[] sealed = cipher.seal(bytes(i, 10_000));
                BlobId id = BlobId.of(ContentHash.of(sealed));
                ids.add(id);
                if (i % 2 == 0) {
                    // A reused, oversized buffer: only the first sealed.length bytes belong to the blob.
                    byte[] buffer = java.util.Arrays.copyOf(sealed, sealed.length + 500);
                    packer.add(BlobType.DATA, id, buffer, sealed.length, 10_000);
                } else {
                    // A blob in the middle of a pack range read by prune, other bytes on both sides.
                    byte[] range = bytes(100 + i, 300 + sealed.length + 500);
                    System.arraycopy(sealed, 0, range, 300, sealed.length);
                    packer.add(BlobType.DATA, id, range, 300, sealed.length, 10_000);
                }
            }
            packer.flush();
        }

        assertThat(stored).hasSizeGreaterThan(1);
        List<BlobId> packed = new ArrayList<>();
        for (ObjectInfo info : storage.list(ObjectKind.DATA)) {
            byte[] pack = storage.load(info.key());
            // Whole: the header opens and its entries end where it starts (PackFormat checks both).
            assertThat(info.key().name()).matches("[0-9a-f]{64}");
            for (PackEntry e : PackFormat.entries(info.key().name(), pack, cipher)) {
                assertThat(cipher.open(pack, e.offset(), e.length())).hasSize(10_000);
                packed.add(e.id());
            }
        }
        assertThat(packed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void threeWritersFillingPacksLargerThanTheStagingBuffersLoseNoByte() throws Exception {
        // Packs of 3 MiB from blobs of 100-700 KB: every pack spans several of the packer's four 1 MiB
        // buffers, blobs straddle them, and a pack being finished shares the buffers with the next one.
        LocalStorage storage = LocalStorage.open(dir, true);
        java.util.Map<BlobId, byte[]> added = new java.util.concurrent.ConcurrentHashMap<>();
        try (Packer packer = new Packer(storage, cipher, 3 << 20, 2, p -> { })) {
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(writer);
                    for (int i = 0; i < 12; i++) {
                        byte[] sealed = cipher.seal(bytes(writer * 100L + i, 100_000 + random.nextInt(600_000)));
                        BlobId id = BlobId.of(ContentHash.of(sealed));
                        added.put(id, sealed);
                        try {
                            packer.add(BlobType.DATA, id, sealed, sealed.length - ObjectCipher.OVERHEAD);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
            packer.flush();
        }

        java.util.Map<BlobId, byte[]> stored = new java.util.HashMap<>();
        for (ObjectInfo info : storage.list(ObjectKind.DATA)) {
            byte[] pack = storage.load(info.key());
            // Whole: the header opens and its entries end where it starts (PackFormat checks both).
            assertThat(info.key().name()).matches("[0-9a-f]{64}");
            for (PackEntry e : PackFormat.entries(info.key().name(), pack, cipher)) {
                stored.put(e.id(), java.util.Arrays.copyOfRange(pack, e.offset(), e.offset() + e.length()));
            }
        }
        assertThat(stored).hasSameSizeAs(added);
        added.forEach((id, sealed) -> assertThat(stored.get(id)).isEqualTo(sealed));
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void aBlobReachingPastItsArrayIsRefusedBeforeAnythingIsWritten() throws IOException {
        LocalStorage storage = LocalStorage.open(dir, true);
        try (Packer packer = new Packer(storage, cipher, PACK, 2, p -> { })) {
            byte[] sealed = cipher.seal(bytes(1, 1000));
            BlobId id = BlobId.of(ContentHash.of(sealed));
            assertThatThrownBy(() -> packer.add(BlobType.DATA, id, sealed, 10, sealed.length, 1000))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            packer.add(BlobType.DATA, id, sealed, 0, sealed.length, 1000);
            packer.flush();
        }
        List<ObjectInfo> packs = storage.list(ObjectKind.DATA);
        assertThat(packs).hasSize(1);
        byte[] pack = storage.load(packs.get(0).key());
        assertThat(PackFormat.entries(packs.get(0).key().name(), pack, cipher)).singleElement()
                .satisfies(e -> assertThat(e.offset()).isZero());
    }

    @Test
    void aPackThatCannotBeStoredFailsTheFlushAndLeavesNoScratchFile() throws IOException {
        FaultyStorage storage = FaultyStorage.wrap(LocalStorage.open(dir, true)).inject(Fault.fail().on(Operation.SAVE));
        try (Packer packer = new Packer(storage, cipher, PACK, 2, p -> { })) {
            for (int i = 0; i < 3; i++) {
                byte[] sealed = cipher.seal(bytes(i, 1000));
                packer.add(BlobType.DATA, BlobId.of(ContentHash.of(sealed)), sealed, 1000);
            }
            assertThatThrownBy(packer::flush).isInstanceOf(IOException.class);
            assertThatThrownBy(packer::checkHealthy).hasMessageStartingWith("an earlier pack could not be stored: ");
        }
        assertThat(storage.list(ObjectKind.DATA)).isEmpty();
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void closingWithAPackHalfFilledRemovesItsScratchFile() throws IOException {
        LocalStorage storage = LocalStorage.open(dir, true);
        try (Packer packer = new Packer(storage, cipher, PACK, 2, p -> { })) {
            byte[] sealed = cipher.seal(bytes(1, 1000));
            packer.add(BlobType.DATA, BlobId.of(ContentHash.of(sealed)), sealed, 1000);
            assertThat(scratchFiles()).hasSize(1);
        }
        assertThat(scratchFiles()).isEmpty();
        assertThat(storage.list(ObjectKind.DATA)).isEmpty();
    }

    private List<Path> scratchFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            return s.toList();
        }
    }

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
