package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobHasherTest {
    @Test
    void computesHmacSha256OfTheFormatDocument() {
        BlobHasher hasher = new BlobHasher(Keys.sequential());

        assertThat(hasher.hash("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo("f0133729c4163dede81e21cd47839256da58171238c8a0d874397c73b14e1e47");
        assertThat(hasher.hash(new byte[0]).hex())
                .isEqualTo("d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb");
    }

    @Test
    void hashesASliceLikeTheSameBytesAlone() {
        BlobHasher hasher = new BlobHasher(Keys.sequential());

        assertThat(hasher.hash("xxabcyy".getBytes(StandardCharsets.US_ASCII), 2, 3))
                .isEqualTo(hasher.hash("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void differentKeysGiveDifferentIds() {
        byte[] data = "same content".getBytes(StandardCharsets.US_ASCII);

        assertThat(new BlobHasher(Keys.random(1)).hash(data)).isNotEqualTo(new BlobHasher(Keys.random(2)).hash(data));
    }

    @Test
    void givesTheSameIdsFromManyThreads() throws Exception {
        BlobHasher hasher = new BlobHasher(Keys.random(3));
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            blobs.add(Keys.bytes(1500 * i + 1, i));
        }
        List<BlobId> sequential = blobs.stream().map(hasher::hash).toList();

        assertThat(Concurrently.map(blobs, hasher::hash)).isEqualTo(sequential);
    }

    @Test
    void rejectsAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new BlobHasher(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id key: expected 32 bytes, got 31");
    }
}
