package dev.arca.repository.pack;

import dev.arca.repository.BlobType;
import dev.arca.repository.crypto.BlobId;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The blobs of one pack as six longs each (48 bytes), handing out {@link PackEntry} objects only when
 * asked. Listings wait in memory: prune and check keep every indexed pack's for the whole command, a
 * backup keeps those of packs not yet in an index file, and prune those of the packs it writes. As
 * objects a listing cost about 89 bytes per blob ({@code IndexCapacity packs} in the tests). Immutable.
 */
public final class PackEntries extends AbstractList<PackEntry> implements RandomAccess {
    private static final int LONGS = 6;

    private final long[] entries;

    private PackEntries(long[] entries) {
        this.entries = entries;
    }

    /** A compact copy of {@code blobs}, or {@code blobs} itself when it is one already. */
    public static List<PackEntry> of(List<PackEntry> blobs) {
        if (blobs instanceof PackEntries already) {
            return already;
        }
        long[] entries = new long[blobs.size() * LONGS];
        int at = 0;
        for (PackEntry e : blobs) {
            BlobId id = e.id();
            entries[at] = id.word(0);
            entries[at + 1] = id.word(1);
            entries[at + 2] = id.word(2);
            entries[at + 3] = id.word(3);
            entries[at + 4] = (long) e.offset() << 32 | (e.length() & 0xffffffffL);
            entries[at + 5] = (long) e.type().code() << 32 | (e.rawLength() & 0xffffffffL);
            at += LONGS;
        }
        return new PackEntries(entries);
    }

    @Override
    public PackEntry get(int index) {
        int at = java.util.Objects.checkIndex(index, size()) * LONGS;
        return new PackEntry(BlobType.ofCode((int) (entries[at + 5] >>> 32)),
                BlobId.ofWords(entries[at], entries[at + 1], entries[at + 2], entries[at + 3]),
                (int) (entries[at + 4] >>> 32), (int) entries[at + 4], (int) entries[at + 5]);
    }

    @Override
    public int size() {
        return entries.length / LONGS;
    }
}
