package dev.arca.protect.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One range read of a pack and the blobs it yields, in pack order: the unit of work of a restore.
 *
 * @param start pack offset of the first byte read
 */
record PackRange(String pack, long start, int length, List<BlobUse> uses) {
    /**
     * Blobs closer than this are read together with the gap between them: one read is cheaper than
     * two until the wasted bytes cost more than a request, which on object stores is about this much.
     */
    static final int MAX_GAP = 1 << 20;
    /** The most a range holds (a single larger blob still gets a range of its own), which bounds memory per thread. */
    static final int MAX_LENGTH = 4 << 20;

    PackRange {
        uses = List.copyOf(uses);
    }

    /** Splits the blobs needed from one pack into as few ranges as the two limits allow. */
    static List<PackRange> split(String pack, List<BlobUse> uses) {
        List<BlobUse> sorted = new ArrayList<>(uses);
        sorted.sort(Comparator.comparingInt(u -> u.offset));
        List<PackRange> ranges = new ArrayList<>();
        List<BlobUse> current = new ArrayList<>();
        long start = 0;
        long end = 0;
        for (BlobUse use : sorted) {
            if (!current.isEmpty() && (use.offset - end > MAX_GAP || use.end() - start > MAX_LENGTH)) {
                ranges.add(new PackRange(pack, start, (int) (end - start), current));
                current = new ArrayList<>();
            }
            if (current.isEmpty()) {
                start = use.offset;
            }
            current.add(use);
            end = use.end();
        }
        if (!current.isEmpty()) {
            ranges.add(new PackRange(pack, start, (int) (end - start), current));
        }
        return ranges;
    }
}
