package dev.arca.repository.index;

import dev.arca.repository.BlobType;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.pack.PackEntry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every known blob's location, kept compact because it is the one structure that grows with the
 * repository: 40 bytes per blob in sorted {@code long[]}s (restic's map needs about 56), plus 32 bytes
 * per pack.
 *
 * <p>Each entry is five longs: the first 24 bytes of the blob id, then {@code pack number << 32 |
 * offset}, then {@code type << 62 | length << 31 | raw length}. Keeping 192 of the id's 256 bits makes
 * an accidental clash among even 10^12 blobs less likely than 10^-33; and restore still compares the
 * full id of every blob it decrypts, so a clash could never go unnoticed.
 *
 * <p>New entries go to a small hash map first and are merged into the sorted arrays in batches, so
 * adding stays cheap during a backup. There is one sorted array per first byte of the id: a merge
 * replaces one partition at a time, so it needs room for 1/256 of the index beside it, not a second
 * copy of the whole. With a single array, an index could use only half of the heap left to it
 * ({@code IndexCapacity} in the tests: 721,500 blobs in a 96 MiB heap, 1,967,900 partitioned).
 * Thread-safe.
 */
public final class BlobIndex {
    /** Where a blob is: its type, pack, offset, stored length and plaintext length. */
    public record Location(BlobType type, String pack, int offset, int length, int rawLength) {
    }

    static final int LONGS = 5;
    private static final int PARTITIONS = 256;
    private static final int MERGE_AT = 1 << 16;
    private static final long[] EMPTY = new long[0];
    private static final HexFormat HEX = HexFormat.of();

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final long[][] sorted = new long[PARTITIONS][];
    private final int[] sortedCounts = new int[PARTITIONS];
    private int sortedCount;
    private final Map<BlobId, long[]> recent = new HashMap<>();
    private byte[] packIds = new byte[32 * 64];
    private int packCount;
    private final Map<String, Integer> packNumbers = new HashMap<>();

    public BlobIndex() {
        Arrays.fill(sorted, EMPTY);
    }

    /** Records the blobs of a stored pack. Adding a blob that is already known keeps the first location. */
    public void addPack(String pack, Iterable<PackEntry> entries) {
        lock.writeLock().lock();
        try {
            int number = packNumber(pack);
            for (PackEntry e : entries) {
                if (findLocked(e.id()) < 0 && !recent.containsKey(e.id())) {
                    long[] entry = new long[LONGS];
                    prefix(e.id(), entry, 0);
                    entry[3] = ((long) number << 32) | (e.offset() & 0xffffffffL);
                    entry[4] = ((long) e.type().code() << 62) | ((long) e.length() << 31) | e.rawLength();
                    recent.put(e.id(), entry);
                }
            }
            if (recent.size() >= MERGE_AT) {
                merge();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean contains(BlobId id) {
        lock.readLock().lock();
        try {
            return recent.containsKey(id) || findLocked(id) >= 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<Location> find(BlobId id) {
        lock.readLock().lock();
        try {
            long[] r = recent.get(id);
            if (r != null) {
                return Optional.of(location(r, 0));
            }
            int at = findLocked(id);
            return at < 0 ? Optional.empty() : Optional.of(location(sorted[partition(id.prefix())], at * LONGS));
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return sortedCount + recent.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Merges pending entries and returns the bytes the index holds: the entry array and the pack id
     * table, which is what grows with the repository (what {@code arca stats} reports per blob).
     */
    public long compactBytes() {
        lock.writeLock().lock();
        try {
            merge();
            return (long) sortedCount * LONGS * Long.BYTES + (long) packCount * 32;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private int packNumber(String pack) {
        Integer n = packNumbers.get(pack);
        if (n != null) {
            return n;
        }
        if ((packCount + 1) * 32 > packIds.length) {
            packIds = Arrays.copyOf(packIds, packIds.length * 2);
        }
        System.arraycopy(HEX.parseHex(pack), 0, packIds, packCount * 32, 32);
        packNumbers.put(pack, packCount);
        return packCount++;
    }

    private Location location(long[] a, int at) {
        int pack = (int) (a[at + 3] >>> 32);
        int offset = (int) a[at + 3];
        long w = a[at + 4];
        return new Location(BlobType.ofCode((int) (w >>> 62)), HEX.formatHex(packIds, pack * 32, pack * 32 + 32),
                offset, (int) ((w >>> 31) & 0x7fffffffL), (int) (w & 0x7fffffffL));
    }

    /** The position of the blob's entry in its partition, or -1. */
    private int findLocked(BlobId id) {
        long k0 = id.word(0);
        long k1 = id.word(1);
        long k2 = id.word(2);
        int p = partition(k0);
        long[] part = sorted[p];
        int lo = 0;
        int hi = sortedCounts[p] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(part, mid * LONGS, k0, k1, k2);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private static int compare(long[] a, int at, long k0, long k1, long k2) {
        int c = Long.compareUnsigned(a[at], k0);
        if (c == 0) {
            c = Long.compareUnsigned(a[at + 1], k1);
        }
        if (c == 0) {
            c = Long.compareUnsigned(a[at + 2], k2);
        }
        return c;
    }

    private void merge() {
        if (recent.isEmpty()) {
            return;
        }
        long[][] fresh = recent.values().toArray(new long[0][]);
        Arrays.sort(fresh, (x, y) -> compare(x, 0, y[0], y[1], y[2]));
        // Sorted by the first long, unsigned, so each partition's new entries are one run of fresh.
        for (int from = 0; from < fresh.length; ) {
            int p = partition(fresh[from][0]);
            int to = from + 1;
            while (to < fresh.length && partition(fresh[to][0]) == p) {
                to++;
            }
            mergeInto(p, fresh, from, to);
            from = to;
        }
        sortedCount += fresh.length;
        recent.clear();
    }

    private void mergeInto(int p, long[][] fresh, int from, int to) {
        long[] old = sorted[p];
        int oldCount = sortedCounts[p];
        long[] out = new long[(oldCount + to - from) * LONGS];
        int i = 0;
        int j = from;
        int n = 0;
        while (i < oldCount || j < to) {
            boolean takeOld = j >= to
                    || (i < oldCount && compare(old, i * LONGS, fresh[j][0], fresh[j][1], fresh[j][2]) < 0);
            if (takeOld) {
                System.arraycopy(old, i++ * LONGS, out, n++ * LONGS, LONGS);
            } else {
                System.arraycopy(fresh[j++], 0, out, n++ * LONGS, LONGS);
            }
        }
        sorted[p] = out;
        sortedCounts[p] = n;
    }

    private static int partition(long prefix) {
        return (int) (prefix >>> 56);
    }

    static void prefix(BlobId id, long[] into, int at) {
        into[at] = id.word(0);
        into[at + 1] = id.word(1);
        into[at + 2] = id.word(2);
    }
}
