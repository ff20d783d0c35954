package dev.arca.repository.crypto;

import static dev.arca.repository.foreign.Downcalls.Kind.ADDRESS;
import static dev.arca.repository.foreign.Downcalls.Kind.LONG;

import dev.arca.repository.foreign.Downcalls;
import dev.arca.repository.foreign.HeapSegment;
import dev.arca.repository.foreign.NativeMemory;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * GMAC by OpenSSL's libcrypto ({@link ChunkCheck}), in one call of {@code EVP_Q_mac}: one linked C
 * function rather than the five of the EVP cipher interface, because the JDK spins and compiles a class
 * for each C signature it links, which an incremental backup pays at start. The call is a critical
 * downcall that reads the key, the chunk and the tag's array in place on the Java heap; the nonce goes
 * through an {@code OSSL_PARAM} list that each thread keeps in its own native memory.
 */
final class OpenSslGmac {
    private static final List<String> LIBRARIES = List.of("libcrypto.so.3", "libcrypto.so");
    private static final Optional<MethodHandle> MAC = HeapSegment.available() && NativeMemory.available() && Downcalls.sizeIsLong()
            // unsigned char *EVP_Q_mac(OSSL_LIB_CTX *libctx, const char *name, const char *propq, const char *subalg,
            //     const OSSL_PARAM *params, const void *key, size_t keylen, const unsigned char *data, size_t datalen,
            //     unsigned char *out, size_t outsize, size_t *outlen)
            ? Downcalls.findCritical(LIBRARIES, "EVP_Q_mac", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, LONG,
                    ADDRESS, LONG, ADDRESS, LONG, ADDRESS)
            : Optional.empty();
    private static final ThreadLocal<CallMemory> MEMORY = ThreadLocal.withInitial(CallMemory::new);
    /** Whether a first call gave the value the JDK gives; checked once, so that a libcrypto that differs is never used. */
    private static final boolean AGREES = MAC.isPresent() && selfTest();

    private OpenSslGmac() {
    }

    static boolean available() {
        return AGREES;
    }

    /** The 16-byte tag of {@code data}'s range under {@code key} and the 12-byte {@code nonce}; null where libcrypto cannot give it. */
    static byte[] tag(byte[] key, byte[] nonce, byte[] data, int offset, int length) {
        return AGREES ? call(key, nonce, data, offset, length) : null;
    }

    private static byte[] call(byte[] key, byte[] nonce, byte[] data, int offset, int length) {
        try {
            CallMemory m = MEMORY.get();
            m.memory.bytes().put(CallMemory.NONCE, nonce, 0, nonce.length);
            byte[] tag = new byte[ChunkCheck.LENGTH];
            long[] written = new long[1];
            Object none = HeapSegment.nullPointer();
            Object out = (Object) MAC.get().invokeExact(none, m.name, none, m.cipher, m.params,
                    HeapSegment.of(key, 0, key.length), (long) key.length, HeapSegment.of(data, offset, length), (long) length,
                    HeapSegment.of(tag, 0, tag.length), (long) tag.length, HeapSegment.of(written));
            return written[0] == tag.length && !none.equals(out) ? tag : null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return null;
        }
    }

    private static boolean selfTest() {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        byte[] data = "arca".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = call(key, nonce, data, 0, data.length);
        return tag != null && java.util.Arrays.equals(tag, ChunkCheck.jdk(key, nonce, data, 0, data.length));
    }

    /**
     * A thread's native memory for the call: the names {@code "GMAC"} and {@code "AES-256-GCM"}, and an
     * {@code OSSL_PARAM} list of one octet string, {@code "iv"}, pointing at the nonce's 12 bytes. Freed
     * with the thread's last reference to it.
     */
    private static final class CallMemory {
        private static final int PARAMS = 0;    // OSSL_PARAM[2]: 40 bytes each on 64-bit systems, the second all zero (the end)
        private static final int IV_KEY = 80;   // "iv"
        static final int NONCE = 88;            // 12 bytes
        private static final int NAME = 104;    // "GMAC"
        private static final int CIPHER = 112;  // "AES-256-GCM"
        private static final int BYTES = 128;
        private static final int OCTET_STRING = 5; // OSSL_PARAM_OCTET_STRING in OpenSSL's core.h

        final NativeMemory.Region memory = NativeMemory.automatic(BYTES);
        /** Pointers into {@link #memory}, made once: the names and the parameter list. */
        final Object name = memory.from(NAME);
        final Object cipher = memory.from(CIPHER);
        final Object params = memory.from(PARAMS);

        CallMemory() {
            ByteBuffer b = memory.bytes().order(ByteOrder.nativeOrder());
            put(b, IV_KEY, "iv");
            put(b, NAME, "GMAC");
            put(b, CIPHER, "AES-256-GCM");
            long base = memory.address();
            b.putLong(PARAMS, base + IV_KEY);         // key
            b.putInt(PARAMS + 8, OCTET_STRING);       // data_type
            b.putLong(PARAMS + 16, base + NONCE);     // data
            b.putLong(PARAMS + 24, 12);               // data_size
            b.putLong(PARAMS + 32, -1L);              // return_size: OSSL_PARAM_UNMODIFIED
        }

        private static void put(ByteBuffer b, int at, String text) {
            b.put(at, (text + '\0').getBytes(StandardCharsets.US_ASCII));
        }

    }
}
