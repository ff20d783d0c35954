package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenSslScryptTest {
    @Test
    void isUsedWhereverTheJdkAndTheSystemAllowIt() {
        // CI has libcrypto and runs JDK 25: there a silent fallback to the Java code would go unnoticed.
        boolean expected = Runtime.version().feature() >= 22 && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"));
        assumeTrue(expected, "libcrypto or the foreign-function API is missing here");
        assertThat(OpenSslScrypt.available()).isTrue();
    }

    @Test
    void givesTheSameKeysAsTheJavaCode() {
        assumeTrue(OpenSslScrypt.available(), "libcrypto or the foreign-function API is missing here");
        Random random = new Random(11);
        int[][] params = {{16, 1, 1}, {2, 1, 1}, {4, 3, 2}, {64, 2, 3}, {8, 16, 1}, {1024, 8, 16}, {1 << 15, 8, 1}};
        for (int[] p : params) {
            byte[] password = new byte[random.nextInt(40)];
            byte[] salt = new byte[random.nextInt(2) == 0 ? 0 : 32];
            random.nextBytes(password);
            random.nextBytes(salt);
            int length = 1 + random.nextInt(80);
            ScryptParams sp = new ScryptParams(p[0], p[1], p[2]);
            String openssl = HexFormat.of().formatHex(OpenSslScrypt.derive(password, salt, sp, length).orElseThrow());
            assertThat(openssl).as("n=%d r=%d p=%d", p[0], p[1], p[2])
                    .isEqualTo(HexFormat.of().formatHex(Scrypt.deriveInJava(password, salt, sp, length)));
        }
    }

    @Test
    void parametersLibcryptoRefusesFallBackToTheJavaCode() {
        assumeTrue(OpenSslScrypt.available(), "libcrypto or the foreign-function API is missing here");
        // libcrypto wants n < 2^(16 r); RFC 7914 and the slot format allow n = 2^16 with r = 1.
        ScryptParams sp = new ScryptParams(1 << 16, 1, 1);
        byte[] password = "password".getBytes(StandardCharsets.UTF_8);
        byte[] salt = new byte[32];
        assertThat(OpenSslScrypt.derive(password, salt, sp, 32)).isEmpty();
        assertThat(HexFormat.of().formatHex(Scrypt.derive(password, salt, sp, 32)))
                .isEqualTo(HexFormat.of().formatHex(Scrypt.deriveInJava(password, salt, sp, 32)));
    }
}
