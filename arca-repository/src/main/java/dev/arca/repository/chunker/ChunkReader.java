package dev.arca.repository.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Pulls one stream through a reusable buffer and hands out its chunks in order. Not thread-safe: one
 * reader per worker thread. It does not close the stream, which belongs to the caller.
 *
 * <p>The scan state (position and hash) survives buffer refills, so a stream that delivers a few
 * bytes per read is cut exactly as if it had been read in one call.
 */
public final class ChunkReader {
    // Reads of at most 1 MiB: FileInputStream copies through a native buffer of the requested size,
    // and smaller reads keep that buffer and the freshly read bytes in cache (measured 5-10% faster).
    private static final int READ_SIZE = 1 << 20;

    private final long[] gear;
    private final long strictMask;
    private final long looseMask;
    private final int minimum;
    private final int normal;
    private final int maximum;
    // Room for two chunks of the normal size and one read at first, growing (by doubling) up to one
    // maximal chunk plus one read when an unfinished chunk fills more than half of it. A chunk that
    // reaches the maximum is cut, so at that size what is left after a compaction is shorter than the
    // maximum and a refill always has room for a whole read. Most chunks are near the normal size, and
    // an incremental backup cuts only a few: the 9 MiB that the maximal buffer took from the start was
    // young garbage first and then, when a collection fell after it was made, 9 MiB more in the old
    // generation, 10 MiB of an incremental backup's peak RSS (docs/BENCHMARKS.md, "a seventeenth machine").
    private byte[] buffer;
    private final int largestBuffer;

    private InputStream in;
    private boolean endOfStream;
    private int start;
    private int end;
    private int scanned;
    private long hash;

    ChunkReader(Chunker chunker, InputStream in) {
        ChunkSizes sizes = chunker.sizes();
        this.gear = chunker.gear();
        this.strictMask = chunker.strictMask();
        this.looseMask = chunker.looseMask();
        this.minimum = sizes.minimum();
        this.normal = sizes.normal();
        this.maximum = sizes.maximum();
        this.largestBuffer = maximum + READ_SIZE;
        this.buffer = new byte[Math.min(largestBuffer, 2 * normal + READ_SIZE)];
        reset(in);
    }

    /** Starts over on another stream, keeping the buffer; chunks handed out before become invalid. */
    public void reset(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
        this.endOfStream = false;
        this.start = 0;
        this.end = 0;
        beginChunk();
    }

    /**
     * The next chunk, or {@code null} after the last one. An empty stream has no chunks. The returned
     * view stays valid only until the next call to {@code next} or {@code reset}.
     */
    public Chunk next() throws IOException {
        while (true) {
            int cut = findCut();
            if (cut >= 0) {
                return take(cut);
            }
            if (endOfStream) {
                return end > start ? take(end) : null;
            }
            fill();
        }
    }

    /** Scans what is buffered of the current chunk; returns the cut position, or -1 if more input is needed. */
    private int findCut() {
        if (end - start < minimum) {
            return -1;
        }
        int normalEnd = start + normal;
        if (scanned < normalEnd) {
            int stop = Math.min(end, normalEnd);
            int cut = scan(scanned, stop, strictMask);
            if (cut >= 0) {
                return cut;
            }
            scanned = stop;
            if (stop < normalEnd) {
                return -1;
            }
        }
        int maximumEnd = start + maximum;
        int stop = Math.min(end, maximumEnd);
        int cut = scan(scanned, stop, looseMask);
        if (cut >= 0) {
            return cut;
        }
        scanned = stop;
        return stop == maximumEnd ? maximumEnd : -1;
    }

    // The hot loop: a plain indexed loop over the array with the hash in a local, so that the JIT
    // keeps everything in registers and hoists the bounds checks.
    private int scan(int from, int to, long mask) {
        byte[] data = buffer;
        long[] table = gear;
        long h = hash;
        for (int i = from; i < to; i++) {
            h = (h << 1) + table[data[i] & 0xFF];
            if ((h & mask) == 0) {
                return i + 1;
            }
        }
        hash = h;
        return -1;
    }

    private Chunk take(int cut) {
        Chunk chunk = new Chunk(buffer, start, cut - start);
        start = cut;
        beginChunk();
        return chunk;
    }

    private void beginChunk() {
        scanned = start + minimum;
        hash = 0;
    }

    private void fill() throws IOException {
        if (end == buffer.length) {
            int pending = end - start;
            byte[] to = pending > buffer.length / 2 && buffer.length < largestBuffer
                    ? new byte[(int) Math.min(largestBuffer, 2L * buffer.length)] : buffer;
            System.arraycopy(buffer, start, to, 0, pending);
            buffer = to;
            scanned -= start;
            start = 0;
            end = pending;
        }
        int read = in.read(buffer, end, Math.min(READ_SIZE, buffer.length - end));
        if (read < 0) {
            endOfStream = true;
        } else {
            end += read;
        }
    }
}
