package dev.arca.repository.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.arca.repository.SampleData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlobCodecTest {
    private final BlobCodec codec = new BlobCodec();

    @Test
    void compressesTextAndDecodesItBack() throws Exception {
        byte[] text = SampleData.text(1 << 20);

        byte[] encoded = codec.encode(text);

        assertThat(encoded[0]).isEqualTo(BlobCodec.ZSTD);
        assertThat(encoded.length).isLessThan(text.length / 3);
        assertThat(BlobCodec.decode(encoded)).isEqualTo(text);
    }

    @Test
    void storesRandomDataRawBehindTheHeader() throws Exception {
        byte[] random = SampleData.random(1 << 20, 1);

        byte[] encoded = codec.encode(random);

        assertThat(encoded).hasSize(random.length + BlobCodec.HEADER_LENGTH);
        assertThat(Arrays.copyOf(encoded, 5)).containsExactly(0, 0, 0x10, 0, 0);
        assertThat(BlobCodec.decode(encoded)).isEqualTo(random);
    }

    @Test
    void storesSmallRandomDataRawBecauseCompressingItWouldGrowIt() throws Exception {
        byte[] random = SampleData.random(1000, 2);

        byte[] encoded = codec.encode(random);

        assertThat(encoded[0]).isEqualTo(BlobCodec.RAW);
        assertThat(BlobCodec.decode(encoded)).isEqualTo(random);
    }

    @Test
    void judgesLargeBlobsByTheirFirstSixtyFourKibibytes() throws Exception {
        byte[] randomThenText = new byte[4 * BlobCodec.SAMPLE];
        System.arraycopy(SampleData.random(BlobCodec.SAMPLE, 3), 0, randomThenText, 0, BlobCodec.SAMPLE);
        byte[] text = SampleData.text(3 * BlobCodec.SAMPLE);
        System.arraycopy(text, 0, randomThenText, BlobCodec.SAMPLE, text.length);

        byte[] encoded = codec.encode(randomThenText);

        assertThat(encoded[0]).isEqualTo(BlobCodec.RAW);
        assertThat(BlobCodec.decode(encoded)).isEqualTo(randomThenText);
    }

    @Test
    void encodesAnEmptyBlobAsAHeaderAlone() throws Exception {
        byte[] encoded = codec.encode(new byte[0]);

        assertThat(encoded).containsExactly(0, 0, 0, 0, 0);
        assertThat(BlobCodec.decode(encoded)).isEmpty();
    }

    @Test
    void encodesAndDecodesSlicesOfLargerArrays() throws Exception {
        byte[] text = SampleData.text(10_000);
        byte[] encoded = codec.encode(text, 1000, 5000);
        byte[] framed = new byte[encoded.length + 7];
        System.arraycopy(encoded, 0, framed, 3, encoded.length);

        assertThat(BlobCodec.decode(framed, 3, encoded.length)).isEqualTo(Arrays.copyOfRange(text, 1000, 6000));
    }

    @Test
    void compressesAtTheConfiguredLevel() throws Exception {
        byte[] text = SampleData.text(256 * 1024);

        byte[] fast = new BlobCodec(1).encode(text);
        byte[] small = new BlobCodec(19).encode(text);

        assertThat(small.length).isLessThan(fast.length);
        assertThat(BlobCodec.decode(fast)).isEqualTo(text);
        assertThat(BlobCodec.decode(small)).isEqualTo(text);
    }

    @Test
    void rejectsATruncatedZstdPayload() {
        byte[] encoded = codec.encode(SampleData.text(100_000));
        byte[] truncated = Arrays.copyOf(encoded, encoded.length - 10);

        assertCorrupt(truncated,
                "zstd blob of " + (truncated.length - 5) + " bytes: corrupt compressed data (Src size is incorrect)");
    }

    @Test
    void rejectsADamagedZstdFrameHeader() {
        byte[] encoded = codec.encode(SampleData.text(100_000));
        encoded[5] ^= 0x55;

        assertCorrupt(encoded, "zstd blob of " + (encoded.length - 5)
                + " bytes: header says 100000 bytes, the zstd frame has no valid header");
    }

    @Test
    void rejectsALengthThatDisagreesWithTheFrame() {
        byte[] encoded = codec.encode(SampleData.text(100_000));
        encoded[4] ^= 0x01;

        assertCorrupt(encoded, "zstd blob of " + (encoded.length - 5)
                + " bytes: header says 100001 bytes, the zstd frame says 100000");
    }

    @Test
    void rejectsARawBlobWhoseLengthDisagreesWithTheHeader() {
        byte[] encoded = codec.encode(SampleData.random(1000, 4));

        assertCorrupt(Arrays.copyOf(encoded, 900), "raw blob: header says 1000 bytes, payload has 895");
    }

    @Test
    void rejectsAnUnknownType() {
        assertCorrupt(new byte[] {7, 0, 0, 0, 0, 1, 2}, "encoded blob of 7 bytes: unknown type 0x07");
    }

    @Test
    void rejectsABlobShorterThanItsHeader() {
        assertCorrupt(new byte[] {1, 0}, "encoded blob of 2 bytes is shorter than its 5-byte header");
    }

    @Test
    void rejectsALevelZstdDoesNotHave() {
        assertThatThrownBy(() -> new BlobCodec(23))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zstd level 23: expected " + Zstd.minCompressionLevel() + " to 22");
    }

    private static void assertCorrupt(byte[] encoded, String message) {
        assertThatThrownBy(() -> BlobCodec.decode(encoded))
                .isInstanceOf(CorruptBlobException.class)
                .hasMessage(message);
    }
}
