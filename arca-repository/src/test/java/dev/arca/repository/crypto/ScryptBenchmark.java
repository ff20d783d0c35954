package dev.arca.repository.crypto;

/**
 * Times scrypt at the default parameters as a command opening a repository meets it: the first call in a
 * fresh JVM, then a second, compiled one. Run once per implementation, each in its own JVM (see
 * docs/BENCHMARKS.md): {@code arca} for Arca's {@link Scrypt}, {@code bouncycastle} for BouncyCastle's.
 */
public final class ScryptBenchmark {
    private ScryptBenchmark() {
    }

    public static void main(String[] args) {
        boolean ours = args.length == 0 || args[0].equals("arca");
        ScryptParams p = ScryptParams.DEFAULT;
        byte[] password = "password".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[32];
        long[] ms = new long[2];
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            byte[] key = ours ? Scrypt.derive(password, salt, p, 32)
                    : org.bouncycastle.crypto.generators.SCrypt.generate(password, salt, p.n(), p.r(), p.p(), 32);
            ms[i] = (System.nanoTime() - start) / 1_000_000;
            salt[0] ^= key[0];
        }
        System.out.printf("%s scrypt n=%d r=%d p=%d: first call %d ms, second %d ms%n", ours ? "arca" : "bouncycastle",
                p.n(), p.r(), p.p(), ms[0], ms[1]);
    }
}
