package dev.arca.repository.crypto;

/**
 * Times scrypt at the default parameters as a command opening a repository meets it: the first call in a
 * fresh JVM, then a second, compiled one. Run once per implementation, each in its own JVM (see
 * docs/BENCHMARKS.md): {@code arca} for Arca's {@link Scrypt} in Java, {@code openssl} for OpenSSL's libcrypto
 * through {@link OpenSslScrypt} (its first call includes finding and linking the library),
 * {@code bouncycastle} for BouncyCastle's.
 */
public final class ScryptBenchmark {
    private ScryptBenchmark() {
    }

    public static void main(String[] args) {
        String which = args.length == 0 ? "arca" : args[0];
        ScryptParams p = ScryptParams.DEFAULT;
        byte[] password = "password".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[32];
        long[] ms = new long[2];
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            byte[] key = switch (which) {
                case "arca" -> Scrypt.deriveInJava(password, salt, p, 32);
                case "openssl" -> OpenSslScrypt.derive(password, salt, p, 32)
                        .orElseThrow(() -> new IllegalStateException("libcrypto is not usable here"));
                default -> org.bouncycastle.crypto.generators.SCrypt.generate(password, salt, p.n(), p.r(), p.p(), 32);
            };
            ms[i] = (System.nanoTime() - start) / 1_000_000;
            salt[0] ^= key[0];
        }
        System.out.printf("%s scrypt n=%d r=%d p=%d: first call %d ms, second %d ms%n", which,
                p.n(), p.r(), p.p(), ms[0], ms[1]);
    }
}
