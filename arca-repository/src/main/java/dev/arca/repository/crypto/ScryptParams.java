package dev.arca.repository.crypto;

/**
 * The cost parameters of scrypt, stored in each key slot so that they can be raised for new slots
 * without breaking old ones.
 *
 * @param n CPU and memory cost, a power of two; memory use is {@code 128 * r * n} bytes
 * @param r block size
 * @param p parallelism
 */
public record ScryptParams(int n, int r, int p) {
    /**
     * N = 2^15, r = 8, p = 1: 32 MiB and 0.07-0.15 s per attempt. restic starts from the same N and r but
     * calibrates p at init until a derivation takes about 0.5 s (p = 6 and 7 on the benchmark machines), so
     * its slots cost a password guesser six or seven times what Arca's do (docs/BENCHMARKS.md).
     */
    public static final ScryptParams DEFAULT = new ScryptParams(1 << 15, 8, 1);

    // Bounds keep a tampered slot file from making unlock allocate gigabytes or run for hours.
    private static final long MAX_MEMORY = 1L << 30;
    private static final int MAX_PARALLELISM = 16;

    public ScryptParams {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("scrypt parameters: n = " + n + " must be a power of two of at least 2");
        }
        if (r < 1 || p < 1 || p > MAX_PARALLELISM || 128L * r * n > MAX_MEMORY || 128L * r * p > MAX_MEMORY) {
            throw new IllegalArgumentException("scrypt parameters: n = " + n + ", r = " + r + ", p = " + p
                    + " out of range: need r >= 1, 1 <= p <= " + MAX_PARALLELISM + " and 128 * r * n, 128 * r * p <= 1 GiB");
        }
    }
}
