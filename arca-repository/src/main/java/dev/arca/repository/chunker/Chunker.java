package dev.arca.repository.chunker;

import java.io.InputStream;
import java.util.Objects;

/**
 * Cuts streams into content-defined chunks with a FastCDC-style gear hash keyed by the repository's
 * chunker secret. Immutable and thread-safe; each stream is read by its own {@link ChunkReader}.
 *
 * <h2>Algorithm</h2>
 * For each chunk, the first {@code minimum} bytes are skipped unhashed. From there the hash starts at
 * zero and takes each byte {@code b} as {@code h = (h << 1) + gear[b]} (64-bit, wrapping). The chunk
 * ends just after the first byte at which {@code h & mask == 0}, where {@code mask} is the top
 * {@code log2(average) + 2} bits while the chunk is shorter than {@code normal = 3/4 average}, and
 * the top {@code log2(average) - 2} bits after that (normalised chunking: cuts are rare early and
 * frequent late, which narrows the size distribution around the average). A chunk that reaches
 * {@code maximum} bytes ends there; the end of the stream ends the last chunk. The top bits are used
 * because in a shift-left hash bit {@code k} depends on the last {@code k + 1} bytes only, so the top
 * bits see the widest window.
 *
 * <h2>Sizes</h2>
 * Every repository uses {@link ChunkSizes#DEFAULT}: minimum 512 KiB, average 1 MiB, maximum 8 MiB.
 * <ul>
 *   <li>Deduplication granularity: an edit re-stores about one chunk, so smaller chunks save more on
 *       files that change in place (VM images, database files). Below about 1 MiB the gains are small
 *       for backup data, while the costs below grow in inverse proportion to the size.</li>
 *   <li>Index size: every distinct chunk is one index entry that backup, check and prune keep in
 *       memory; at 1 MiB a 10 TiB repository has about ten million entries, at 64 KiB it would have
 *       160 million.</li>
 *   <li>Per-blob overhead: each blob carries a 28-byte nonce and tag, a 5-byte compression header,
 *       an HMAC, a cipher initialisation and zstd frame setup; at 1 MiB these cost well under 0.1%.
 *       Large blobs also compress better and fill 16 MiB packs with few entries.</li>
 *   <li>Speed: the 512 KiB minimum is skipped without hashing, so about half the bytes are never
 *       looked at; the 8 MiB maximum bounds the memory each chunk in flight takes.</li>
 *   <li>restic uses the same 512 KiB / 1 MiB / 8 MiB bounds, so deduplication ratios compare directly.</li>
 * </ul>
 */
public final class Chunker {
    private final ChunkSizes sizes;
    private final long[] gear;
    private final long strictMask;
    private final long looseMask;

    /** A chunker with the default sizes, keyed by the repository's 32-byte chunker secret. */
    public Chunker(byte[] secret) {
        this(secret, ChunkSizes.DEFAULT);
    }

    /** A chunker with explicit sizes; repositories use {@link ChunkSizes#DEFAULT}, tests use smaller ones. */
    public Chunker(byte[] secret, ChunkSizes sizes) {
        this.sizes = Objects.requireNonNull(sizes, "sizes");
        this.gear = GearTable.derive(secret);
        this.strictMask = -1L << (64 - sizes.strictBits());
        this.looseMask = -1L << (64 - sizes.looseBits());
    }

    public ChunkSizes sizes() {
        return sizes;
    }

    /**
     * A reader that cuts {@code in} into chunks. Its buffer (the maximum chunk size plus 1 MiB) is reused
     * across streams through {@link ChunkReader#reset(InputStream)}, so a worker thread needs only one.
     */
    public ChunkReader reader(InputStream in) {
        return new ChunkReader(this, in);
    }

    long[] gear() {
        return gear;
    }

    long strictMask() {
        return strictMask;
    }

    long looseMask() {
        return looseMask;
    }
}
