package dev.arca.repository.index;

import dev.arca.repository.crypto.BlobId;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of blob ids, stored as 32 bytes each in open-addressing tables, where a {@code HashSet<BlobId>}
 * needs about 90 bytes per id. Prune, check and copy collect every blob their snapshots use in one, so
 * it grows with the repository as the index does.
 *
 * <p>There is one table per first byte of the id, each doubling on its own: doubling a single table
 * needs the old and the new one at once, three times the set's size, and a 96 MiB heap then held fewer
 * ids than a {@code HashSet} ({@code IndexCapacity} in the tests). Not thread-safe.
 */
public final class BlobIdSet implements Iterable<BlobId> {
    private static final int TABLES = 256;

    private final Table[] tables = new Table[TABLES];
    private int size;

    public BlobIdSet() {
        for (int i = 0; i < TABLES; i++) {
            tables[i] = new Table();
        }
    }

    /** Adds {@code id}; false if it was there already. */
    public boolean add(BlobId id) {
        boolean added = table(id).add(id.word(0), id.word(1), id.word(2), id.word(3));
        if (added) {
            size++;
        }
        return added;
    }

    public boolean contains(BlobId id) {
        return table(id).contains(id.word(0), id.word(1), id.word(2), id.word(3));
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The ids in no particular order; adding while iterating is not allowed. */
    @Override
    public Iterator<BlobId> iterator() {
        return new Iterator<>() {
            private int table;
            private int slot = -1;

            {
                advance();
            }

            @Override
            public boolean hasNext() {
                return table < TABLES;
            }

            @Override
            public BlobId next() {
                if (table >= TABLES) {
                    throw new NoSuchElementException();
                }
                BlobId id = tables[table].at(slot);
                advance();
                return id;
            }

            private void advance() {
                while (table < TABLES) {
                    slot = tables[table].nextTaken(slot + 1);
                    if (slot >= 0) {
                        return;
                    }
                    table++;
                    slot = -1;
                }
            }
        };
    }

    private Table table(BlobId id) {
        return tables[(int) (id.word(0) >>> 56)];
    }

    /** Linear probing over one array of words; blob ids are keyed hashes, so their low bits pick a slot well. */
    private static final class Table {
        private static final int WORDS = 4;
        private static final int INITIAL_SLOTS = 16;
        /** The largest table: its words must fit one array. */
        private static final int MAX_SLOTS = 1 << 28;

        private long[] words;
        private long[] taken;
        private int mask;
        private int size;

        Table() {
            allocate(INITIAL_SLOTS);
        }

        boolean add(long w0, long w1, long w2, long w3) {
            if (size >= (mask + 1) / 4 * 3) {
                grow();
            }
            return insert(w0, w1, w2, w3);
        }

        boolean contains(long w0, long w1, long w2, long w3) {
            for (int slot = (int) w0 & mask; isTaken(slot); slot = (slot + 1) & mask) {
                if (matches(slot, w0, w1, w2, w3)) {
                    return true;
                }
            }
            return false;
        }

        /** The first taken slot at or after {@code from}, or -1. */
        int nextTaken(int from) {
            for (int slot = from; slot <= mask; slot++) {
                if (isTaken(slot)) {
                    return slot;
                }
            }
            return -1;
        }

        BlobId at(int slot) {
            int at = slot * WORDS;
            return BlobId.ofWords(words[at], words[at + 1], words[at + 2], words[at + 3]);
        }

        private boolean insert(long w0, long w1, long w2, long w3) {
            int slot = (int) w0 & mask;
            while (isTaken(slot)) {
                if (matches(slot, w0, w1, w2, w3)) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            int at = slot * WORDS;
            words[at] = w0;
            words[at + 1] = w1;
            words[at + 2] = w2;
            words[at + 3] = w3;
            taken[slot >>> 6] |= 1L << slot;
            size++;
            return true;
        }

        private boolean matches(int slot, long w0, long w1, long w2, long w3) {
            int at = slot * WORDS;
            return words[at] == w0 && words[at + 1] == w1 && words[at + 2] == w2 && words[at + 3] == w3;
        }

        private boolean isTaken(int slot) {
            return (taken[slot >>> 6] & (1L << slot)) != 0;
        }

        private void grow() {
            int slots = mask + 1;
            if (slots >= MAX_SLOTS) {
                throw new IllegalStateException("a blob id set holds at most " + TABLES + " x " + (MAX_SLOTS / 4 * 3)
                        + " ids");
            }
            long[] oldWords = words;
            long[] oldTaken = taken;
            allocate(slots * 2);
            size = 0;
            for (int slot = 0; slot < slots; slot++) {
                if ((oldTaken[slot >>> 6] & (1L << slot)) != 0) {
                    int at = slot * WORDS;
                    insert(oldWords[at], oldWords[at + 1], oldWords[at + 2], oldWords[at + 3]);
                }
            }
        }

        private void allocate(int slots) {
            words = new long[slots * WORDS];
            taken = new long[Math.max(1, slots >>> 6)];
            mask = slots - 1;
        }
    }
}
