package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScryptTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private interface Derivation {
        byte[] derive(byte[] password, byte[] salt, ScryptParams params, int length);
    }

    @Test
    void matchesTheTestVectorsOfRfc7914() {
        // Scrypt.derive goes to libcrypto where it can (OpenSslScrypt); the Java code must match on its own too.
        for (Derivation scrypt : new Derivation[] {Scrypt::derive, Scrypt::deriveInJava}) {
            assertThat(hex(scrypt.derive(new byte[0], new byte[0], new ScryptParams(16, 1, 1), 64))).isEqualTo(
                    "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                            + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
            assertThat(hex(scrypt.derive(ascii("password"), ascii("NaCl"), new ScryptParams(1024, 8, 16), 64))).isEqualTo(
                    "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
            assertThat(hex(scrypt.derive(ascii("pleaseletmein"), ascii("SodiumChloride"), new ScryptParams(16384, 8, 1), 64)))
                    .isEqualTo("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                            + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
        }
    }

    @Test
    void agreesWithAnIndependentImplementationOnOddParameters() {
        Random random = new Random(7);
        int[][] params = {{2, 1, 1}, {4, 3, 2}, {64, 2, 3}, {8, 16, 1}, {1 << 15, 8, 1}};
        for (int[] p : params) {
            byte[] password = new byte[random.nextInt(40)];
            byte[] salt = new byte[32];
            random.nextBytes(password);
            random.nextBytes(salt);
            int length = 1 + random.nextInt(80);
            byte[] ours = Scrypt.deriveInJava(password, salt, new ScryptParams(p[0], p[1], p[2]), length);
            byte[] theirs = org.bouncycastle.crypto.generators.SCrypt.generate(password, salt, p[0], p[1], p[2], length);
            assertThat(hex(ours)).as("n=%d r=%d p=%d", p[0], p[1], p[2]).isEqualTo(hex(theirs));
        }
    }
}
