package dev.arca.repository.chunker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.SampleData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final ChunkSizes SMALL = new ChunkSizes(256, 1024, 4096);
    private static final int MIB = 1 << 20;

    @Test
    void cutsTheKnownAnswerVectorOfTheFormatDocument() throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int counter = 0; counter < 2048; counter++) {
            data.writeBytes(sha256.digest(new byte[] {
                    (byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter}));
        }

        List<Integer> lengths = lengths(new Chunker(sequentialSecret(), SMALL), data.toByteArray());

        assertThat(lengths).containsExactly(844, 422, 870, 1359, 1023, 1228, 1344, 1381, 1548, 855, 775, 1266, 936,
                1087, 815, 1346, 1359, 434, 1681, 860, 849, 912, 1089, 299, 1009, 1646, 1039, 854, 773, 1142, 1407, 884,
                866, 270, 798, 1108, 1085, 898, 802, 848, 918, 921, 945, 815, 1127, 940, 1357, 862, 831, 463, 975, 806,
                928, 320, 798, 804, 985, 1004, 334, 983, 676, 1005, 366, 998, 832, 965, 811, 902, 260, 778, 816);
    }

    @Test
    void derivesTheGearTableOfTheFormatDocument() {
        long[] table = GearTable.derive(sequentialSecret());

        assertThat(table).hasSize(256);
        assertThat(table[0]).isEqualTo(0xa034956240f1ae33L);
        assertThat(table[1]).isEqualTo(0x05b1a98c894be8f3L);
        assertThat(table[255]).isEqualTo(0x8bb97136526c9748L);
    }

    @Test
    void sameSecretGivesSameBoundaries() throws IOException {
        byte[] data = SampleData.random(8 * MIB, 1);

        assertThat(lengths(new Chunker(secret(7)), data)).isEqualTo(lengths(new Chunker(secret(7)), data));
    }

    @Test
    void differentSecretsGiveDifferentBoundaries() throws IOException {
        byte[] data = SampleData.random(8 * MIB, 2);

        List<Integer> first = lengths(new Chunker(secret(1)), data);
        List<Integer> second = lengths(new Chunker(secret(2)), data);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.get(0)).isNotEqualTo(second.get(0));
    }

    @Test
    void averagesNearOneMebibyteWithinBoundsOnRandomData() throws IOException {
        byte[] data = SampleData.random(64 * MIB, 3);

        List<Integer> lengths = lengths(new Chunker(secret(3)), data);

        double average = (double) data.length / lengths.size();
        assertThat(average).isBetween(0.75 * MIB, 1.25 * MIB);
        assertWithinBounds(lengths, ChunkSizes.DEFAULT);
        assertThat(lengths.stream().mapToLong(Integer::longValue).sum()).isEqualTo(data.length);
    }

    @Test
    void concatenatedChunksEqualTheInput() throws IOException {
        byte[] data = SampleData.random(3 * MIB + 12345, 4);
        ChunkReader reader = new Chunker(secret(4), SMALL).reader(new ByteArrayInputStream(data));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();

        for (Chunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
            joined.write(chunk.array(), chunk.offset(), chunk.length());
        }

        assertThat(joined.toByteArray()).isEqualTo(data);
    }

    @Test
    void insertingBytesNearTheStartChangesOnlyTheFirstChunks() throws IOException, NoSuchAlgorithmException {
        byte[] original = SampleData.random(32 * MIB, 5);
        byte[] edited = new byte[original.length + 100];
        System.arraycopy(original, 0, edited, 0, 1000);
        System.arraycopy(SampleData.random(100, 6), 0, edited, 1000, 100);
        System.arraycopy(original, 1000, edited, 1100, original.length - 1000);
        Chunker chunker = new Chunker(secret(5));

        Set<String> before = digests(chunker, original);
        List<String> after = new ArrayList<>(digests(chunker, edited));
        after.removeAll(before);

        assertThat(before).hasSizeGreaterThan(20);
        assertThat(after).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void cutsNoChunkOutsideTheBoundsOnConstantData() throws IOException {
        List<Integer> lengths = lengths(new Chunker(secret(8), SMALL), new byte[100_000]);

        assertWithinBounds(lengths, SMALL);
        assertThat(lengths.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100_000);
    }

    @Test
    void cutsTheSameChunksWhenTheStreamDeliversFewBytesPerRead() throws IOException {
        byte[] data = SampleData.random(4 * MIB, 9);
        Chunker chunker = new Chunker(secret(9));

        List<Integer> trickled = lengths(chunker.reader(new TrickleStream(new ByteArrayInputStream(data), 7919)));

        assertThat(trickled).isEqualTo(lengths(chunker, data));
    }

    /**
     * The buffer starts at two normal chunks and a read and grows when an unfinished chunk fills more than
     * half of it: maximal chunks (constant data) between random data make it grow mid-stream. The chunks
     * must hold the input's bytes and fall where a reader whose buffer had grown already cuts them.
     */
    @Test
    void cutsTheSameChunksOfTheSameBytesWhateverItsBufferHasGrownTo() throws IOException {
        byte[] data = new byte[30 * MIB];
        System.arraycopy(SampleData.random(3 * MIB, 21), 0, data, 0, 3 * MIB);
        System.arraycopy(SampleData.random(5 * MIB, 22), 0, data, 25 * MIB, 5 * MIB);
        Chunker chunker = new Chunker(secret(21));

        ChunkReader fresh = chunker.reader(new ByteArrayInputStream(data));
        int at = 0;
        List<Integer> lengths = new ArrayList<>();
        for (Chunk chunk = fresh.next(); chunk != null; chunk = fresh.next()) {
            assertThat(java.util.Arrays.equals(chunk.array(), chunk.offset(), chunk.offset() + chunk.length(),
                    data, at, at + chunk.length())).as("chunk at " + at).isTrue();
            at += chunk.length();
            lengths.add(chunk.length());
        }
        assertThat(at).isEqualTo(data.length);
        assertThat(lengths).contains(chunker.sizes().maximum());

        ChunkReader grown = chunker.reader(new ByteArrayInputStream(new byte[20 * MIB]));
        lengths(grown);
        grown.reset(new ByteArrayInputStream(data));
        assertThat(lengths(grown)).isEqualTo(lengths);
        assertThat(lengths(chunker.reader(new TrickleStream(new ByteArrayInputStream(data), 65_537)))).isEqualTo(lengths);
    }

    @Test
    void resetReusesTheReaderForAnotherStream() throws IOException {
        Chunker chunker = new Chunker(secret(10), SMALL);
        byte[] first = SampleData.random(50_000, 10);
        byte[] second = SampleData.random(70_000, 11);
        ChunkReader reader = chunker.reader(new ByteArrayInputStream(first));
        reader.next();

        reader.reset(new ByteArrayInputStream(second));

        assertThat(lengths(reader)).isEqualTo(lengths(chunker, second));
    }

    @Test
    void emptyStreamHasNoChunks() throws IOException {
        ChunkReader reader = new Chunker(secret(12)).reader(InputStream.nullInputStream());

        assertThat(reader.next()).isNull();
        assertThat(reader.next()).isNull();
    }

    @Test
    void tinyStreamIsOneChunk() throws IOException {
        ChunkReader reader = new Chunker(secret(13)).reader(new ByteArrayInputStream(new byte[] {42}));

        Chunk chunk = reader.next();

        assertThat(chunk.toByteArray()).containsExactly(42);
        assertThat(reader.next()).isNull();
    }

    @Test
    void streamShorterThanTheMinimumIsOneChunk() throws IOException {
        byte[] data = SampleData.random(ChunkSizes.DEFAULT.minimum() - 1, 14);

        assertThat(lengths(new Chunker(secret(14)), data)).containsExactly(data.length);
    }

    @Test
    void rejectsASecretOfTheWrongLength() {
        assertThatThrownBy(() -> new Chunker(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunker secret: expected 32 bytes, got 16");
    }

    @Test
    void rejectsAnAverageThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new ChunkSizes(512, 1000, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk sizes: average 1000 must be a power of two of at least 256");
    }

    @Test
    void rejectsSizesOutOfOrder() {
        assertThatThrownBy(() -> new ChunkSizes(2048, 1024, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk sizes: expected 1 <= minimum < average < maximum <= 256 MiB,"
                        + " got 2048 / 1024 / 4096");
    }

    private static void assertWithinBounds(List<Integer> lengths, ChunkSizes sizes) {
        assertThat(lengths.subList(0, lengths.size() - 1)).allSatisfy(length ->
                assertThat(length).isBetween(sizes.minimum(), sizes.maximum()));
        assertThat(lengths.get(lengths.size() - 1)).isBetween(1, sizes.maximum());
    }

    private static List<Integer> lengths(Chunker chunker, byte[] data) throws IOException {
        return lengths(chunker.reader(new ByteArrayInputStream(data)));
    }

    private static List<Integer> lengths(ChunkReader reader) throws IOException {
        List<Integer> lengths = new ArrayList<>();
        for (Chunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
            lengths.add(chunk.length());
        }
        return lengths;
    }

    private static Set<String> digests(Chunker chunker, byte[] data) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        ChunkReader reader = chunker.reader(new ByteArrayInputStream(data));
        Set<String> digests = new HashSet<>();
        for (Chunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
            sha256.update(chunk.array(), chunk.offset(), chunk.length());
            digests.add(HexFormat.of().formatHex(sha256.digest()));
        }
        return digests;
    }

    private static byte[] secret(int seed) {
        return SampleData.random(32, 1000 + seed);
    }

    private static byte[] sequentialSecret() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) i;
        }
        return secret;
    }

    /** Delivers at most a few bytes per read, like a pipe or a network stream. */
    private static final class TrickleStream extends FilterInputStream {
        private final int perRead;

        TrickleStream(InputStream in, int perRead) {
            super(in);
            this.perRead = perRead;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return super.read(buffer, offset, Math.min(length, perRead));
        }
    }
}
