package dev.arca.repository.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 32-byte id of a blob, a keyed hash of its plaintext. Held as four longs rather than an array:
 * millions of ids sit in the in-memory index, and this halves their footprint and makes equality
 * and ordering a few register comparisons.
 *
 * <p>Ordered by unsigned byte-wise comparison, the same order as the hex form.
 */
public final class BlobId implements Comparable<BlobId> {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private BlobId(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /** The id whose bytes are {@code bytes[offset .. offset + 32)}. */
    public static BlobId of(byte[] bytes, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, bytes.length);
        return new BlobId(word(bytes, offset), word(bytes, offset + 8), word(bytes, offset + 16),
                word(bytes, offset + 24));
    }

    public static BlobId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("blob id: expected " + LENGTH + " bytes, got " + bytes.length);
        }
        return of(bytes, 0);
    }

    /** Parses the 64-character lower- or upper-case hex form. */
    public static BlobId parse(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("blob id '" + hex + "': expected " + 2 * LENGTH
                    + " hex digits, got " + hex.length());
        }
        try {
            // Word by word: trees name every chunk in hex, and check parses them all; no array per id.
            return new BlobId(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32),
                    HexFormat.fromHexDigitsToLong(hex, 32, 48), HexFormat.fromHexDigitsToLong(hex, 48, 64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("blob id '" + hex + "': not hexadecimal", e);
        }
    }

    /** The id whose bytes are these four big-endian words, as {@link #word} gives them. */
    public static BlobId ofWords(long w0, long w1, long w2, long w3) {
        return new BlobId(w0, w1, w2, w3);
    }

    /** Bytes {@code 8 * i} to {@code 8 * i + 7} as a big-endian long, for {@code i} from 0 to 3. */
    public long word(int i) {
        return switch (i) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> throw new IndexOutOfBoundsException("blob id word " + i + " (0 to 3)");
        };
    }

    /** The first 8 bytes as a big-endian long: uniformly distributed, so usable as a hash key or shard. */
    public long prefix() {
        return w0;
    }

    public byte[] bytes() {
        byte[] bytes = new byte[LENGTH];
        writeTo(bytes, 0);
        return bytes;
    }

    /** Writes the 32 bytes at {@code offset}, for packing ids into index files without a copy. */
    public void writeTo(byte[] target, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, target.length);
        putWord(target, offset, w0);
        putWord(target, offset + 8, w1);
        putWord(target, offset + 16, w2);
        putWord(target, offset + 24, w3);
    }

    public String hex() {
        return HEX.toHexDigits(w0) + HEX.toHexDigits(w1) + HEX.toHexDigits(w2) + HEX.toHexDigits(w3);
    }

    @Override
    public int compareTo(BlobId other) {
        int c = Long.compareUnsigned(w0, other.w0);
        if (c == 0) {
            c = Long.compareUnsigned(w1, other.w1);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w2, other.w2);
        }
        return c != 0 ? c : Long.compareUnsigned(w3, other.w3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobId other && w0 == other.w0 && w1 == other.w1 && w2 == other.w2 && w3 == other.w3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(w0);
    }

    @Override
    public String toString() {
        return hex();
    }

    private static long word(byte[] bytes, int offset) {
        return (long) BIG_ENDIAN_LONG.get(bytes, offset);
    }

    private static void putWord(byte[] bytes, int offset, long value) {
        BIG_ENDIAN_LONG.set(bytes, offset, value);
    }
}
