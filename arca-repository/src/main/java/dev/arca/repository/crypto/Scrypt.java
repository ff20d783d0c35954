package dev.arca.repository.crypto;

import java.nio.IntBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * scrypt (RFC 7914) over PBKDF2-HMAC-SHA-256 and Salsa20/8.
 *
 * <p>Written out rather than taken from a library because every command that opens a repository runs
 * it once in a cold JVM: BouncyCastle's version took 326-354 ms there for the default parameters (about
 * 80 ms once compiled), this one 167-176 ms (about 75 ms compiled), with identical output
 * ({@code ScryptBenchmark} in the tests; docs/BENCHMARKS.md). The difference is the shape of the hot
 * code: the Salsa20/8 rounds on sixteen locals in one small method, which the JIT compiles early,
 * instead of a general Salsa20 engine working on arrays.
 *
 * <p>V, the 32 MiB table of the default parameters, lies outside the Java heap. In the heap it was
 * too large for the young generation, so it went to the old one, where it stayed, dead, until a full
 * collection: every command that opens a repository carried 32 MiB more resident memory to its end,
 * and backups paid a full collection to reclaim it (docs/BENCHMARKS.md, "2026-11-27, a seventh
 * machine"). Outside, it goes back to the system as soon as the derivation ends ({@link ScryptTable}).
 */
final class Scrypt {
    private Scrypt() {
    }

    /**
     * The derived key of {@code length} bytes; the parameters are checked by {@link ScryptParams}. OpenSSL's
     * libcrypto computes it where it can ({@link OpenSslScrypt}), this class otherwise.
     */
    static byte[] derive(byte[] password, byte[] salt, ScryptParams params, int length) {
        return OpenSslScrypt.derive(password, salt, params, length).orElseGet(() -> deriveInJava(password, salt, params, length));
    }

    /** The same key, always computed here. */
    static byte[] deriveInJava(byte[] password, byte[] salt, ScryptParams params, int length) {
        int n = params.n();
        int r = params.r();
        int p = params.p();
        int blockInts = 32 * r;
        byte[] b = pbkdf2(password, salt, p * 128 * r);
        int[] x = new int[blockInts];
        int[] scratch = new int[blockInts];
        try (ScryptTable table = new ScryptTable(blockInts * n)) {
            IntBuffer v = table.ints();
            for (int i = 0; i < p; i++) {
                int offset = i * 128 * r;
                for (int k = 0; k < blockInts; k++) {
                    int o = offset + 4 * k;
                    x[k] = (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
                }
                mix(x, v, scratch, n, r);
                for (int k = 0; k < blockInts; k++) {
                    int o = offset + 4 * k;
                    b[o] = (byte) x[k];
                    b[o + 1] = (byte) (x[k] >>> 8);
                    b[o + 2] = (byte) (x[k] >>> 16);
                    b[o + 3] = (byte) (x[k] >>> 24);
                }
            }
            java.util.Arrays.fill(scratch, 0);
            for (int i = 0; i < n; i++) {
                v.put(i * blockInts, scratch); // wiped before the memory goes back to the system
            }
        }
        return pbkdf2(password, b, length);
    }

    /** ROMix: fill V with N successive BlockMix states, then mix in N pseudo-randomly chosen ones. */
    private static void mix(int[] x, IntBuffer v, int[] scratch, int n, int r) {
        int blockInts = 32 * r;
        // One state for all 2N BlockMix calls: until the JIT compiles them, a fresh one each was 5 MB of garbage.
        int[] state = new int[16];
        for (int i = 0; i < n; i++) {
            v.put(i * blockInts, x);
            blockMix(x, scratch, state, r);
        }
        for (int i = 0; i < n; i++) {
            v.get((x[(2 * r - 1) * 16] & (n - 1)) * blockInts, scratch);
            for (int k = 0; k < blockInts; k++) {
                x[k] ^= scratch[k];
            }
            blockMix(x, scratch, state, r);
        }
    }

    /** BlockMix with Salsa20/8: even-numbered outputs go to the first half, odd-numbered to the second. */
    private static void blockMix(int[] b, int[] y, int[] state, int r) {
        System.arraycopy(b, (2 * r - 1) * 16, state, 0, 16);
        for (int i = 0; i < 2 * r; i++) {
            for (int k = 0; k < 16; k++) {
                state[k] ^= b[i * 16 + k];
            }
            salsa8(state);
            System.arraycopy(state, 0, y, ((i & 1) == 0 ? i / 2 : r + i / 2) * 16, 16);
        }
        System.arraycopy(y, 0, b, 0, 32 * r);
    }

    private static void salsa8(int[] b) {
        int x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7];
        int x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15];
        for (int round = 0; round < 8; round += 2) {
            // Columns.
            x4 ^= Integer.rotateLeft(x0 + x12, 7);
            x8 ^= Integer.rotateLeft(x4 + x0, 9);
            x12 ^= Integer.rotateLeft(x8 + x4, 13);
            x0 ^= Integer.rotateLeft(x12 + x8, 18);
            x9 ^= Integer.rotateLeft(x5 + x1, 7);
            x13 ^= Integer.rotateLeft(x9 + x5, 9);
            x1 ^= Integer.rotateLeft(x13 + x9, 13);
            x5 ^= Integer.rotateLeft(x1 + x13, 18);
            x14 ^= Integer.rotateLeft(x10 + x6, 7);
            x2 ^= Integer.rotateLeft(x14 + x10, 9);
            x6 ^= Integer.rotateLeft(x2 + x14, 13);
            x10 ^= Integer.rotateLeft(x6 + x2, 18);
            x3 ^= Integer.rotateLeft(x15 + x11, 7);
            x7 ^= Integer.rotateLeft(x3 + x15, 9);
            x11 ^= Integer.rotateLeft(x7 + x3, 13);
            x15 ^= Integer.rotateLeft(x11 + x7, 18);
            // Rows.
            x1 ^= Integer.rotateLeft(x0 + x3, 7);
            x2 ^= Integer.rotateLeft(x1 + x0, 9);
            x3 ^= Integer.rotateLeft(x2 + x1, 13);
            x0 ^= Integer.rotateLeft(x3 + x2, 18);
            x6 ^= Integer.rotateLeft(x5 + x4, 7);
            x7 ^= Integer.rotateLeft(x6 + x5, 9);
            x4 ^= Integer.rotateLeft(x7 + x6, 13);
            x5 ^= Integer.rotateLeft(x4 + x7, 18);
            x11 ^= Integer.rotateLeft(x10 + x9, 7);
            x8 ^= Integer.rotateLeft(x11 + x10, 9);
            x9 ^= Integer.rotateLeft(x8 + x11, 13);
            x10 ^= Integer.rotateLeft(x9 + x8, 18);
            x12 ^= Integer.rotateLeft(x15 + x14, 7);
            x13 ^= Integer.rotateLeft(x12 + x15, 9);
            x14 ^= Integer.rotateLeft(x13 + x12, 13);
            x15 ^= Integer.rotateLeft(x14 + x13, 18);
        }
        b[0] += x0;
        b[1] += x1;
        b[2] += x2;
        b[3] += x3;
        b[4] += x4;
        b[5] += x5;
        b[6] += x6;
        b[7] += x7;
        b[8] += x8;
        b[9] += x9;
        b[10] += x10;
        b[11] += x11;
        b[12] += x12;
        b[13] += x13;
        b[14] += x14;
        b[15] += x15;
    }

    /** PBKDF2-HMAC-SHA-256 with one iteration, which is all scrypt asks of it. */
    private static byte[] pbkdf2(byte[] password, byte[] salt, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // HMAC pads its key with zeros, so an empty password is the one-byte key 0x00; the JDK refuses empty keys.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] counter = new byte[4];
            for (int block = 1, done = 0; done < length; block++) {
                counter[0] = (byte) (block >>> 24);
                counter[1] = (byte) (block >>> 16);
                counter[2] = (byte) (block >>> 8);
                counter[3] = (byte) block;
                mac.update(salt);
                byte[] u = mac.doFinal(counter);
                int n = Math.min(u.length, length - done);
                System.arraycopy(u, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK, which every JDK must provide", e);
        }
    }
}
