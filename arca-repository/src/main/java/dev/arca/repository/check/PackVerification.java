package dev.arca.repository.check;

import dev.arca.repository.ContentHash;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.pack.PackEntry;
import dev.arca.repository.pack.PackFormat;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectRangeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reading one pack's data: its bytes against its name, its header against the index, and every blob the
 * index places in it, decrypted and hashed. Blobs are located by the index rather than by the header,
 * because the index is what restore follows, and a damaged header must not hide intact blobs.
 */
final class PackVerification {
    /** What reading one pack found. */
    record Outcome(List<ObjectDamage> packs, List<BlobDamage> blobs, long bytesRead, int blobsRead) {
    }

    private static final int RANGE_LENGTH = 1 << 20;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[0]);

    private PackVerification() {
    }

    /**
     * Reads a pack of {@code size} bytes (as listed) in ranges of 1 MiB into a buffer this thread
     * keeps. A whole pack in a fresh array, 16 MiB and more, goes straight to the old generation and dies
     * there: a check that reads every pack filled a heap that may grow with such garbage (the launcher's
     * heap for check grows, up to a quarter of the memory). A pack that changed size since it was listed
     * is read whole, as it is now.
     */
    static Outcome of(Repository repository, String pack, long size, List<PackEntry> indexed) {
        List<ObjectDamage> packs = new ArrayList<>();
        List<BlobDamage> blobs = new ArrayList<>();
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, pack);
        byte[] bytes;
        int length;
        try {
            try {
                bytes = readInRanges(repository, key, size);
                length = (int) size;
            } catch (ObjectRangeException changed) {
                bytes = repository.storage().load(key);
                length = bytes.length;
            }
        } catch (IOException e) {
            packs.add(new ObjectDamage(ObjectKind.DATA, pack, Damage.unreadable(e).problem()));
            return new Outcome(packs, blobs, 0, 0);
        }
        if (!ContentHash.hex(bytes, length).equals(pack)) {
            packs.add(new ObjectDamage(ObjectKind.DATA, pack, Damage.nameMismatch().problem()));
        }
        try {
            List<PackEntry> header = PackFormat.entries(pack, bytes, length, repository.cipher());
            if (!new HashSet<>(header).equals(new HashSet<>(indexed))) {
                packs.add(new ObjectDamage(ObjectKind.DATA, pack, "its header and the index disagree (the header lists "
                        + header.size() + " blobs, the index " + indexed.size() + ")"));
            }
        } catch (CorruptObjectException e) {
            // PackFormat names the pack itself; the report names it once.
            packs.add(new ObjectDamage(ObjectKind.DATA, pack, e.getMessage().substring(("pack " + pack + ": ").length())));
        }
        for (PackEntry e : indexed) {
            try {
                if (e.offset() < 0 || (long) e.offset() + e.length() > length) {
                    throw Damage.beyondEnd();
                }
                repository.verifyBlob(e.id(), pack, bytes, e.offset(), e.length());
            } catch (CorruptObjectException x) {
                blobs.add(new BlobDamage(e.type(), e.id(), pack, Damage.opening(x)));
            } catch (Damage d) {
                blobs.add(new BlobDamage(e.type(), e.id(), pack, d));
            }
        }
        return new Outcome(packs, blobs, length, indexed.size());
    }

    private static byte[] readInRanges(Repository repository, ObjectKey key, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("pack " + key.name() + " is " + size + " bytes, more than a pack can be");
        }
        byte[] buffer = BUFFER.get();
        if (buffer.length < size) {
            // Whole MiB, so that packs of about the same size share one buffer.
            buffer = new byte[(int) Math.min(Integer.MAX_VALUE - 8, (size + (1 << 20) - 1) & -(1L << 20))];
            BUFFER.set(buffer);
        }
        for (long at = 0; at < size; ) {
            int n = (int) Math.min(RANGE_LENGTH, size - at);
            System.arraycopy(repository.storage().load(key, at, n), 0, buffer, (int) at, n);
            at += n;
        }
        return buffer;
    }
}
