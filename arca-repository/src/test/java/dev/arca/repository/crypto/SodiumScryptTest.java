package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SodiumScryptTest {
    @Test
    void isUsedWhereverTheJdkAndTheSystemAllowIt() {
        // CI installs libsodium and runs JDK 25: there a silent fallback to the Java code would go unnoticed.
        boolean expected = Runtime.version().feature() >= 22 && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libsodium.so.23"));
        assumeTrue(expected, "libsodium or the foreign-function API is missing here");
        assertThat(SodiumScrypt.available()).isTrue();
    }

    @Test
    void givesTheSameKeysAsTheJavaCode() {
        assumeTrue(SodiumScrypt.available(), "libsodium or the foreign-function API is missing here");
        Random random = new Random(11);
        int[][] params = {{16, 1, 1}, {2, 1, 1}, {4, 3, 2}, {64, 2, 3}, {8, 16, 1}, {1024, 8, 16}, {1 << 15, 8, 1}};
        for (int[] p : params) {
            byte[] password = new byte[random.nextInt(40)];
            byte[] salt = new byte[random.nextInt(2) == 0 ? 0 : 32];
            random.nextBytes(password);
            random.nextBytes(salt);
            int length = 1 + random.nextInt(80);
            ScryptParams sp = new ScryptParams(p[0], p[1], p[2]);
            String sodium = HexFormat.of().formatHex(SodiumScrypt.derive(password, salt, sp, length).orElseThrow());
            assertThat(sodium).as("n=%d r=%d p=%d", p[0], p[1], p[2])
                    .isEqualTo(HexFormat.of().formatHex(Scrypt.deriveInJava(password, salt, sp, length)));
        }
    }
}
