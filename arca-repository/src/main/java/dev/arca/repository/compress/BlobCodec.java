package dev.arca.repository.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encodes blobs as {@code type(1) || uncompressed length(4, big-endian) || payload}, where the
 * payload is one zstd frame ({@code type 1}) or the bytes themselves ({@code type 0}).
 *
 * <p>Most backup data is either very compressible (text, databases) or not at all (media, archives,
 * encrypted files). The second kind is recognised by compressing only its first {@value #SAMPLE}
 * bytes at level 1: if that saves less than 5%, the blob is stored raw without compressing the rest.
 * A blob that passes the sample but does not shrink is stored raw too, so no blob ever grows by more
 * than the header.
 *
 * <p>Thread-safe: zstd contexts are kept per thread and reused, because creating one costs more than
 * compressing a small blob. Use it from a bounded pool of platform threads, as each thread's contexts
 * hold native memory until the thread ends.
 */
public final class BlobCodec {
    public static final int DEFAULT_LEVEL = 3;
    static final int HEADER_LENGTH = 5;
    static final byte RAW = 0;
    static final byte ZSTD = 1;
    static final int SAMPLE = 64 * 1024;
    /** Scratch buffers up to this size are kept per thread; larger blobs get a buffer of their own. */
    private static final int KEPT_SCRATCH = 2 << 20;
    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<ZstdCompressCtx> SAMPLERS = ThreadLocal.withInitial(() -> compressor(1));
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSORS = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

    private final int level;
    private final ThreadLocal<ZstdCompressCtx> compressors;

    /** A codec at zstd level {@value #DEFAULT_LEVEL}. */
    public BlobCodec() {
        this(DEFAULT_LEVEL);
    }

    /** A codec at the given zstd level: 1 (fastest) to 22 (smallest), or negative for zstd's faster modes. */
    public BlobCodec(int level) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level " + level + ": expected " + Zstd.minCompressionLevel()
                    + " to " + Zstd.maxCompressionLevel());
        }
        this.level = level;
        this.compressors = ThreadLocal.withInitial(() -> compressor(level));
    }

    public int level() {
        return level;
    }

    public byte[] encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    /** The encoded form of {@code data[offset .. offset + length)}: compressed if that makes it smaller. */
    public byte[] encode(byte[] data, int offset, int length) {
        byte[] out = scratch(maxEncodedLength(length));
        return Arrays.copyOf(out, encode(data, offset, length, out, 0));
    }

    /** The room {@link #encode(byte[], int, int, byte[])} may need for {@code length} bytes. */
    public static int maxEncodedLength(int length) {
        long bound = Zstd.compressBound(length);
        return HEADER_LENGTH + (int) Math.min(Math.max(bound, length), Integer.MAX_VALUE - HEADER_LENGTH - 8);
    }

    /**
     * Encodes into {@code out} from {@code at} on, where {@link #maxEncodedLength} bytes are free, and returns
     * the encoded length: the backup's path, which reuses one buffer per thread instead of allocating per blob.
     */
    public int encode(byte[] data, int offset, int length, byte[] out, int at) {
        Objects.checkFromIndexSize(offset, length, data.length);
        Objects.checkFromIndexSize(at, maxEncodedLength(length), out.length);
        if (length <= SAMPLE || compressible(data, offset)) {
            int compressed = compress(compressors.get(), out, at + HEADER_LENGTH, data, offset, length);
            if (compressed < length) {
                out[at] = ZSTD;
                BIG_ENDIAN_INT.set(out, at + 1, length);
                return HEADER_LENGTH + compressed;
            }
        }
        out[at] = RAW;
        BIG_ENDIAN_INT.set(out, at + 1, length);
        System.arraycopy(data, offset, out, at + HEADER_LENGTH, length);
        return HEADER_LENGTH + length;
    }

    public static byte[] decode(byte[] encoded) throws CorruptBlobException {
        return decode(encoded, 0, encoded.length);
    }

    /** The original bytes of the encoded blob {@code encoded[offset .. offset + length)}. */
    public static byte[] decode(byte[] encoded, int offset, int length) throws CorruptBlobException {
        Plain plain = decode(encoded, offset, length, null);
        return plain.array() == encoded
                ? Arrays.copyOfRange(encoded, plain.offset(), plain.offset() + plain.length()) : plain.array();
    }

    /** Decoded bytes, {@code array[offset .. offset + length)}. */
    public record Plain(byte[] array, int offset, int length) {
    }

    /**
     * Decodes without copying where it can: a raw blob is a view into {@code encoded}, and a compressed one
     * is decompressed into {@code reuse} when it fits (a new array otherwise, or when {@code reuse} is null).
     * The restore's path, which reuses one buffer per thread.
     */
    public static Plain decode(byte[] encoded, int offset, int length, byte[] reuse) throws CorruptBlobException {
        Objects.checkFromIndexSize(offset, length, encoded.length);
        if (length < HEADER_LENGTH) {
            throw new CorruptBlobException("encoded blob of " + length + " bytes is shorter than its "
                    + HEADER_LENGTH + "-byte header");
        }
        int size = (int) BIG_ENDIAN_INT.get(encoded, offset + 1);
        int payload = length - HEADER_LENGTH;
        byte type = encoded[offset];
        if (type == RAW) {
            if (size != payload) {
                throw new CorruptBlobException("raw blob: header says " + Integer.toUnsignedString(size)
                        + " bytes, payload has " + payload);
            }
            return new Plain(encoded, offset + HEADER_LENGTH, payload);
        }
        if (type != ZSTD) {
            throw new CorruptBlobException(
                    String.format("encoded blob of %d bytes: unknown type 0x%02x", length, type));
        }
        return new Plain(decompress(encoded, offset + HEADER_LENGTH, payload, size, reuse), 0, size);
    }

    private static byte[] decompress(byte[] encoded, int offset, int payload, int size, byte[] reuse)
            throws CorruptBlobException {
        String name = "zstd blob of " + payload + " bytes";
        // Checked against the frame before allocating, so that a damaged header cannot ask for gigabytes.
        long frameSize = Zstd.getFrameContentSize(encoded, offset, payload);
        if (size < 0 || frameSize != size) {
            throw new CorruptBlobException(name + ": header says " + Integer.toUnsignedString(size)
                    + " bytes, the zstd frame " + (frameSize < 0 ? "has no valid header" : "says " + frameSize));
        }
        byte[] out = reuse != null && reuse.length >= size ? reuse : new byte[size];
        int produced;
        try {
            produced = DECOMPRESSORS.get().decompressByteArray(out, 0, size, encoded, offset, payload);
        } catch (ZstdException e) {
            throw new CorruptBlobException(name + ": corrupt compressed data (" + e.getMessage() + ")", e);
        }
        if (produced != size) {
            throw new CorruptBlobException(name + ": decompressed to " + produced + " bytes, header says " + size);
        }
        return out;
    }

    private static boolean compressible(byte[] data, int offset) {
        byte[] out = scratch((int) Zstd.compressBound(SAMPLE));
        int compressed = compress(SAMPLERS.get(), out, 0, data, offset, SAMPLE);
        return compressed * 20L <= SAMPLE * 19L;
    }

    private static int compress(ZstdCompressCtx ctx, byte[] out, int outOffset, byte[] data, int offset, int length) {
        try {
            return ctx.compressByteArray(out, outOffset, out.length - outOffset, data, offset, length);
        } catch (ZstdException e) {
            throw new IllegalStateException(
                    "zstd failed on " + length + " bytes with a buffer of compressBound size", e);
        }
    }

    private static byte[] scratch(int size) {
        byte[] scratch = SCRATCH.get();
        if (scratch.length >= size) {
            return scratch;
        }
        byte[] grown = new byte[size];
        if (size <= KEPT_SCRATCH) {
            SCRATCH.set(grown);
        }
        return grown;
    }

    private static ZstdCompressCtx compressor(int level) {
        return new ZstdCompressCtx().setLevel(level).setChecksum(false).setContentSize(true);
    }
}
