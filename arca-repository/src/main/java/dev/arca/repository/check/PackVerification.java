package dev.arca.repository.check;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.pack.PackEntry;
import dev.arca.repository.pack.PackFormat;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectRangeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading one pack's data: its header against the index, and every blob the index places in it, decrypted
 * and hashed. A pack's name is random (docs/repository-format.md, A.3), so there is no hash of the whole pack
 * to compare: its blobs and its header are authenticated one by one, and the header's entries must cover
 * every byte before it ({@link PackFormat}). Blobs are located by the index rather than by the header,
 * because the index is what restore follows, and a damaged header must not hide intact blobs.
 *
 * <p>The pack streams through in ranges of 1 MiB, read into a buffer, and each
 * blob is put together from them in a second buffer; both belong to the thread and are reused. A read
 * thread so holds one range and one blob, not a whole pack: whole packs in fresh arrays (16 MiB and
 * more) went straight to the old generation and died there, and a check of every pack filled any heap
 * that was allowed to grow.
 */
final class PackVerification {
    /** What reading one pack found. */
    record Outcome(List<ObjectDamage> packs, List<BlobDamage> blobs, long bytesRead, int blobsRead) {
    }

    private static final int RANGE_LENGTH = 1 << 20;
    private static final ThreadLocal<byte[]> BLOB = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<byte[]> PART = ThreadLocal.withInitial(() -> new byte[RANGE_LENGTH]);

    private PackVerification() {
    }

    /**
     * Reads a pack of {@code size} bytes, as listed. A pack that is not that size any more (it changed
     * after the listing) is read whole and judged as it is now.
     */
    static Outcome of(Repository repository, String pack, long size, List<PackEntry> listed) {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, pack);
        // Materialised once: an index's compact lists make a new entry at every get, and damage is kept by entry.
        List<PackEntry> indexed = new ArrayList<>(listed);
        try {
            try {
                return streamed(repository, pack, size, indexed);
            } catch (ObjectRangeException changed) {
                return whole(repository, pack, repository.storage().load(key), indexed);
            }
        } catch (IOException e) {
            return new Outcome(List.of(new ObjectDamage(ObjectKind.DATA, pack, Damage.unreadable(e).problem())), List.of(), 0, 0);
        }
    }

    private static Outcome streamed(Repository repository, String pack, long size, List<PackEntry> indexed) throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, pack);
        Map<PackEntry, BlobDamage> damage = new IdentityHashMap<>();
        // In the order of the pack. A blob that overlaps the one before it (only a damaged index says so)
        // cannot be put together from the same pass, and is read on its own afterwards.
        List<PackEntry> inPass = new ArrayList<>();
        List<PackEntry> apart = new ArrayList<>();
        long passed = 0;
        for (PackEntry e : indexed.stream().sorted(Comparator.comparingLong(PackEntry::offset)).toList()) {
            if (e.offset() < 0 || e.length() < 0 || (long) e.offset() + e.length() > size) {
                damage.put(e, new BlobDamage(e.type(), e.id(), pack, Damage.beyondEnd()));
            } else if (e.offset() < passed) {
                apart.add(e);
            } else {
                inPass.add(e);
                passed = (long) e.offset() + e.length();
            }
        }
        int next = 0;
        for (long at = 0; at < size; ) {
            int n = (int) Math.min(RANGE_LENGTH, size - at);
            byte[] part = PART.get();
            repository.storage().loadInto(key, at, part, 0, n);
            long end = at + n;
            for (; next < inPass.size() && inPass.get(next).offset() < end; next++) {
                PackEntry e = inPass.get(next);
                byte[] blob = blobBuffer(e.length());
                long from = Math.max(at, e.offset());
                long to = Math.min(end, (long) e.offset() + e.length());
                System.arraycopy(part, (int) (from - at), blob, (int) (from - e.offset()), (int) (to - from));
                if ((long) e.offset() + e.length() > end) {
                    break; // the rest of it comes with the next range
                }
                verify(repository, pack, e, blob, 0, damage);
            }
            at = end;
        }
        for (; next < inPass.size(); next++) {
            // Only an empty entry at the very end is left: no range reached it.
            verify(repository, pack, inPass.get(next), blobBuffer(0), 0, damage);
        }
        for (PackEntry e : apart) {
            verify(repository, pack, e, repository.storage().load(key, e.offset(), e.length()), 0, damage);
        }
        List<ObjectDamage> packs = new ArrayList<>();
        try {
            compareHeader(pack, PackFormat.entries(repository.storage(), new ObjectInfo(key, size), repository.cipher()),
                    indexed, packs);
        } catch (CorruptObjectException e) {
            packs.add(headerDamage(pack, e));
        }
        return new Outcome(packs, inIndexOrder(indexed, damage), size, indexed.size());
    }

    private static Outcome whole(Repository repository, String pack, byte[] bytes, List<PackEntry> indexed) {
        List<ObjectDamage> packs = new ArrayList<>();
        try {
            compareHeader(pack, PackFormat.entries(pack, bytes, repository.cipher()), indexed, packs);
        } catch (CorruptObjectException e) {
            packs.add(headerDamage(pack, e));
        }
        Map<PackEntry, BlobDamage> damage = new IdentityHashMap<>();
        for (PackEntry e : indexed) {
            if (e.offset() < 0 || e.length() < 0 || (long) e.offset() + e.length() > bytes.length) {
                damage.put(e, new BlobDamage(e.type(), e.id(), pack, Damage.beyondEnd()));
            } else {
                verify(repository, pack, e, bytes, e.offset(), damage);
            }
        }
        return new Outcome(packs, inIndexOrder(indexed, damage), bytes.length, indexed.size());
    }

    private static void compareHeader(String pack, List<PackEntry> header, List<PackEntry> indexed, List<ObjectDamage> packs) {
        if (!new HashSet<>(header).equals(new HashSet<>(indexed))) {
            packs.add(new ObjectDamage(ObjectKind.DATA, pack, "its header and the index disagree (the header lists "
                    + header.size() + " blobs, the index " + indexed.size() + ")"));
        }
    }

    /** PackFormat names the pack itself; the report names it once. */
    private static ObjectDamage headerDamage(String pack, CorruptObjectException e) {
        return new ObjectDamage(ObjectKind.DATA, pack, e.getMessage().substring(("pack " + pack + ": ").length()));
    }

    private static void verify(Repository repository, String pack, PackEntry e, byte[] buf, int offset,
                               Map<PackEntry, BlobDamage> damage) {
        try {
            repository.verifyBlob(e.id(), pack, buf, offset, e.length());
        } catch (CorruptObjectException x) {
            damage.put(e, new BlobDamage(e.type(), e.id(), pack, Damage.opening(x)));
        }
    }

    private static List<BlobDamage> inIndexOrder(List<PackEntry> indexed, Map<PackEntry, BlobDamage> damage) {
        List<BlobDamage> out = new ArrayList<>();
        for (PackEntry e : indexed) {
            BlobDamage d = damage.remove(e);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static byte[] blobBuffer(int length) {
        byte[] buffer = BLOB.get();
        if (buffer.length < length) {
            buffer = new byte[length];
            BLOB.set(buffer);
        }
        return buffer;
    }
}
