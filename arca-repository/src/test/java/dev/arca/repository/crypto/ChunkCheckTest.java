package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCheckTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void computesTheValuesOfTheFormatDocument() {
        // Also given by OpenSSL's command line, independently of Arca's code:
        // openssl mac -cipher AES-256-GCM -macopt hexkey:<check key> -macopt hexiv:<the id's first 12 bytes> -in <plaintext> GMAC
        ChunkCheck checks = new ChunkCheck(Keys.sequential());
        BlobHasher ids = new BlobHasher(Keys.sequential());
        BlobId abc = ids.hash(ABC);
        BlobId empty = ids.hash(new byte[0]);

        assertThat(hex(checks.of(abc, ABC, 0, 3))).isEqualTo("d6e5e0d17b7934fbbc33283f3d502c1f");
        assertThat(hex(checks.jdk(abc, ABC, 0, 3))).isEqualTo("d6e5e0d17b7934fbbc33283f3d502c1f");
        assertThat(hex(checks.of(empty, new byte[0], 0, 0))).isEqualTo("2e7a2c1dd2975fa8e70d14f37fc061f8");
        assertThat(ChunkCheck.text(checks.of(abc, ABC, 0, 3))).isEqualTo("1uXg0Xt5NPu8Myg/PVAsHw==");
    }

    @Test
    void isFastWhereverTheJdkAndTheSystemAllowIt() {
        // CI has libcrypto and runs JDK 25: there a silent fallback would leave every backup without checks.
        boolean expected = Runtime.version().feature() >= 22 && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"));
        assumeTrue(expected, "libcrypto or the foreign-function API is missing here");
        assertThat(ChunkCheck.fast()).isTrue();
    }

    @Test
    void libcryptoGivesTheJdksValuesForSlicesOfEverySize() {
        assumeTrue(ChunkCheck.fast(), "libcrypto or the foreign-function API is missing here");
        ChunkCheck checks = new ChunkCheck(Keys.random(4));
        Random random = new Random(5);
        for (int length : new int[] {0, 1, 15, 16, 17, 255, 4096, 65_537, 1 << 20, (1 << 20) + 3}) {
            byte[] data = new byte[length + 10];
            random.nextBytes(data);
            BlobId id = BlobId.of(java.util.Arrays.copyOf(data, BlobId.LENGTH));
            assertThat(hex(checks.of(id, data, 7, length))).as("length %d", length)
                    .isEqualTo(hex(checks.jdk(id, data, 7, length)));
        }
    }

    @Test
    void matchesOnlyTheSameBytesUnderTheSameId() {
        ChunkCheck checks = new ChunkCheck(Keys.random(6));
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        BlobId id = new BlobHasher(Keys.random(6)).hash(data);
        String check = ChunkCheck.text(checks.of(id, data, 0, data.length));

        assertThat(checks.matches(check, id, data, 0, data.length)).isTrue();
        assertThat(checks.matches(check, id, data, 0, data.length - 1)).as("shorter").isFalse();
        data[50_000] ^= 1;
        assertThat(checks.matches(check, id, data, 0, data.length)).as("one bit flipped").isFalse();
        data[50_000] ^= 1;
        assertThat(checks.matches(check, BlobId.of(new byte[BlobId.LENGTH]), data, 0, data.length)).as("another id").isFalse();
        assertThat(new ChunkCheck(Keys.random(8)).matches(check, id, data, 0, data.length)).as("another key").isFalse();
        assertThat(checks.matches("not base64!", id, data, 0, data.length)).isFalse();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
