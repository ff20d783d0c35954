package dev.arca.repository.chunker;

/**
 * The size bounds of the chunks a {@link Chunker} cuts.
 *
 * <p>{@code average} must be a power of two because the cut condition is a bit mask; the mean chunk
 * size lands close to it (see {@link Chunker}). {@code minimum} bytes of each chunk are skipped
 * without hashing, which is where most of the chunker's speed comes from.
 *
 * @param minimum no chunk except the last of a stream is shorter
 * @param average the target mean size, a power of two
 * @param maximum no chunk is longer; a chunk is cut here when no content boundary was found
 */
public record ChunkSizes(int minimum, int average, int maximum) {
    /** 512 KiB / 1 MiB / 8 MiB: the sizes every repository uses (see {@link Chunker} for why). */
    public static final ChunkSizes DEFAULT = new ChunkSizes(512 << 10, 1 << 20, 8 << 20);

    /** Smallest average allowed: below it the small mask would have too few bits to be a content hash. */
    static final int MIN_AVERAGE = 256;
    /** Largest maximum: a reader's buffer holds a maximal chunk plus a read and must stay a Java array. */
    static final int MAX_MAXIMUM = 256 << 20;

    public ChunkSizes {
        if (average < MIN_AVERAGE || Integer.bitCount(average) != 1) {
            throw new IllegalArgumentException(
                    "chunk sizes: average " + average + " must be a power of two of at least " + MIN_AVERAGE);
        }
        if (minimum < 1 || minimum >= average || maximum <= average || maximum > MAX_MAXIMUM) {
            throw new IllegalArgumentException("chunk sizes: expected 1 <= minimum < average < maximum <= 256 MiB, got "
                    + minimum + " / " + average + " / " + maximum);
        }
    }

    /**
     * Where the strict mask gives way to the loose one. Three quarters of the average, because the
     * loose mask then adds a quarter of the average on expectation, which puts the mean near
     * {@code average} even though the first {@code minimum} bytes are never cut.
     */
    int normal() {
        return Math.max(minimum, average - average / 4);
    }

    /** Bits set in the strict mask used before {@link #normal()}: log2(average) + 2. */
    int strictBits() {
        return Integer.numberOfTrailingZeros(average) + 2;
    }

    /** Bits set in the loose mask used after {@link #normal()}: log2(average) - 2. */
    int looseBits() {
        return Integer.numberOfTrailingZeros(average) - 2;
    }
}
