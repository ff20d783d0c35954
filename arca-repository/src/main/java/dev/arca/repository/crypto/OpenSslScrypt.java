package dev.arca.repository.crypto;

import static dev.arca.repository.foreign.Downcalls.Kind.ADDRESS;
import static dev.arca.repository.foreign.Downcalls.Kind.INT;
import static dev.arca.repository.foreign.Downcalls.Kind.LONG;

import dev.arca.repository.foreign.Downcalls;
import dev.arca.repository.foreign.NativeMemory;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * scrypt computed by OpenSSL's libcrypto ({@code EVP_PBE_scrypt}, RFC 7914 with any parameters it accepts),
 * where the system has libcrypto and the JDK has the foreign-function API (22 and later).
 *
 * <p>Every command that opens a repository derives one key, in a JVM that has not compiled {@link Scrypt}
 * yet. On a virtual machine much of a derivation is the first touch of its 32 MiB table. libcrypto takes
 * the table from {@code malloc}, which the launcher's {@code glibc.malloc.hugetlb=1} puts on 2 MiB pages;
 * libsodium, used before, maps its table itself, on 4 KiB pages. One derivation per process, called from
 * C on the fifteenth machine: libcrypto 73-136 ms with the launcher's setting (167-178 ms without),
 * libsodium 150-164 ms either way ({@code bench/startup-floor.sh}). Through the launcher, {@code arca
 * snapshots} derived its key in 141-186 ms against 227-247 ms (docs/BENCHMARKS.md). Without the launcher's
 * start-up cache (JDK 22-24), finding and linking the library costs about what it saves ({@code
 * ScryptBenchmark}). The output is the same, so slots written by either open with the other; {@link Scrypt}
 * stays the definition and the fallback (JDK 21, no libcrypto, parameters libcrypto refuses, a call that
 * fails).
 *
 * <p>The API is reached through method handles because this code is compiled for Java 21, where it is a
 * preview. The password is copied into a {@link NativeMemory} and wiped before it is freed; libcrypto
 * wipes and frees its own table before it returns.
 */
final class OpenSslScrypt {
    private static final List<String> LIBRARIES = List.of("libcrypto.so.3", "libcrypto.so");
    private static final Optional<OpenSslScrypt> INSTANCE = load();

    private final MethodHandle scrypt;

    private OpenSslScrypt(MethodHandle scrypt) {
        this.scrypt = scrypt;
    }

    static boolean available() {
        return INSTANCE.isPresent();
    }

    /** The derived key, or empty when libcrypto is not at hand or refused the call. */
    static Optional<byte[]> derive(byte[] password, byte[] salt, ScryptParams params, int length) {
        return INSTANCE.flatMap(s -> s.call(password, salt, params, length));
    }

    private Optional<byte[]> call(byte[] password, byte[] salt, ScryptParams params, int length) {
        try (NativeMemory arena = NativeMemory.open()) {
            List<NativeMemory.Region> regions = new ArrayList<>(3);
            try {
                NativeMemory.Region pw = copy(arena, password, regions);
                NativeMemory.Region sa = copy(arena, salt, regions);
                NativeMemory.Region out = copy(arena, new byte[length], regions);
                // maxmem: no limit of libcrypto's own; ScryptParams already bounds the table to 1 GiB.
                int rc = (int) scrypt.invokeExact(pw.segment(), (long) password.length, sa.segment(), (long) salt.length,
                        (long) params.n(), (long) params.r(), (long) params.p(), Long.MAX_VALUE, out.segment(), (long) length);
                byte[] key = new byte[length];
                out.bytes().get(0, key);
                return rc == 1 ? Optional.of(key) : Optional.empty();
            } finally {
                // The password and the key are wiped before the memory goes back, whatever happened.
                regions.forEach(NativeMemory.Region::wipe);
            }
        } catch (VirtualMachineError e) {
            throw e; // out of memory is not a reason to try again in Java
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /** Native memory holding a copy of {@code content}; one byte more, so that empty content has an address too. */
    private static NativeMemory.Region copy(NativeMemory arena, byte[] content, List<NativeMemory.Region> regions) {
        NativeMemory.Region region = arena.allocate(content.length + 1L, 16L);
        regions.add(region);
        region.bytes().put(0, content);
        return region;
    }

    private static Optional<OpenSslScrypt> load() {
        // size_t is passed as a Java long; and the call needs arenas to hold the password.
        if (!NativeMemory.available() || !Downcalls.sizeIsLong()) {
            return Optional.empty();
        }
        // int EVP_PBE_scrypt(const char *pass, size_t passlen, const unsigned char *salt, size_t saltlen,
        //     uint64_t N, uint64_t r, uint64_t p, uint64_t maxmem, unsigned char *key, size_t keylen)
        return Downcalls.find(LIBRARIES, "EVP_PBE_scrypt", INT, ADDRESS, LONG, ADDRESS, LONG, LONG, LONG, LONG, LONG,
                ADDRESS, LONG).map(OpenSslScrypt::new);
    }
}
