package dev.arca.repository.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.repository.BlobType;
import dev.arca.repository.ContentHash;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack is staged through two buffers of {@link PackWriter#SLICE} bytes and written in the background, with
 * direct I/O where the file system has it: these tests write packs several buffers long, with blobs that
 * straddle the buffers, and read the files back byte for byte, on both paths.
 */
class PackWriterTest {
    @TempDir
    Path dir;

    private final ObjectCipher cipher = new ObjectCipher(new byte[32]);
    private final ExecutorService writes = Executors.newFixedThreadPool(2);
    private final StagingBuffers buffers = new StagingBuffers(3);

    @AfterEach
    void stop() {
        writes.shutdownNow();
    }

    @Test
    void aPackOfManyBuffersIsWrittenWholeWithDirectIo() throws Exception {
        PackWriter writer = new PackWriter(cipher, Files.createTempFile(dir, "scratch-", ".tmp"), buffers, writes);
        assumeTrue(writer.direct(), "the temporary directory's file system has no O_DIRECT");
        writeAndCheck(writer, 1);
    }

    @Test
    void aPackOfManyBuffersIsWrittenWholeThroughThePageCache() throws Exception {
        PackWriter writer = new PackWriter(cipher, Files.createTempFile(dir, "scratch-", ".tmp"), buffers, writes, false);
        assertThat(writer.direct()).isFalse();
        writeAndCheck(writer, 2);
    }

    @Test
    void packsOfEveryTailLengthAreCutToTheirSize() throws Exception {
        // The last direct write is padded to a whole block and the file cut back: tails from 1 byte to a
        // whole block must all come out at their exact size, each under a name of its own.
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int extra = 0; extra < 4096; extra += 331) {
            Path file = Files.createTempFile(dir, "scratch-", ".tmp");
            PackWriter writer = new PackWriter(cipher, file, buffers, writes);
            byte[] sealed = bytes(extra, StagingBuffers.SIZE + extra);
            writer.add(BlobType.DATA, BlobId.of(ContentHash.of(sealed)), sealed, 0, sealed.length, sealed.length);
            FinishedPack pack = writer.finish();
            byte[] stored = Files.readAllBytes(file);
            assertThat(stored).hasSize((int) pack.size());
            assertThat(pack.name()).matches("[0-9a-f]{64}");
            assertThat(names.add(pack.name())).as("a new name for every pack").isTrue();
            assertThat(java.util.Arrays.copyOf(stored, sealed.length)).isEqualTo(sealed);
        }
    }

    @Test
    void aDiscardedPackLeavesNoFile() throws Exception {
        Path file = Files.createTempFile(dir, "scratch-", ".tmp");
        PackWriter writer = new PackWriter(cipher, file, buffers, writes);
        byte[] sealed = bytes(7, 3 * StagingBuffers.SIZE + 17);
        writer.add(BlobType.DATA, BlobId.of(ContentHash.of(sealed)), sealed, 0, sealed.length, sealed.length);
        writer.discard();
        assertThat(file).doesNotExist();
    }

    private void writeAndCheck(PackWriter writer, long seed) throws Exception {
        Random random = new Random(seed);
        List<byte[]> blobs = new ArrayList<>();
        // About five buffers (a sealed blob is at least 28 bytes): small blobs, blobs across buffer boundaries, and one larger than a buffer.
        int[] sizes = {29, 4095, 4097, 100_000, StagingBuffers.SIZE, StagingBuffers.SIZE + 1, 3 * StagingBuffers.SIZE / 2, 12_345};
        for (int size : sizes) {
            byte[] sealed = new byte[size + 64];
            random.nextBytes(sealed);
            // Blobs come in the middle of a larger array, as prune hands them over.
            writer.add(BlobType.DATA, BlobId.of(ContentHash.of(java.util.Arrays.copyOfRange(sealed, 32, 32 + size))),
                    sealed, 32, size, size);
            blobs.add(java.util.Arrays.copyOfRange(sealed, 32, 32 + size));
        }
        FinishedPack pack = writer.finish();

        byte[] stored = Files.readAllBytes(pack.file());
        assertThat(stored).hasSize((int) pack.size());
        List<PackEntry> entries = PackFormat.entries(pack.name(), stored, cipher);
        assertThat(entries).hasSize(blobs.size());
        for (int i = 0; i < blobs.size(); i++) {
            PackEntry e = entries.get(i);
            assertThat(java.util.Arrays.copyOfRange(stored, e.offset(), e.offset() + e.length())).isEqualTo(blobs.get(i));
        }
    }

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
