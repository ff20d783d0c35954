package dev.arca.repository.check;

import dev.arca.repository.ContentHash;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.pack.PackEntry;
import dev.arca.repository.pack.PackFormat;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
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

    private PackVerification() {
    }

    static Outcome of(Repository repository, String pack, List<PackEntry> indexed) {
        List<ObjectDamage> packs = new ArrayList<>();
        List<BlobDamage> blobs = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = repository.storage().load(ObjectKey.of(ObjectKind.DATA, pack));
        } catch (IOException e) {
            packs.add(new ObjectDamage(ObjectKind.DATA, pack, Damage.unreadable(e).problem()));
            return new Outcome(packs, blobs, 0, 0);
        }
        if (!ContentHash.hex(bytes).equals(pack)) {
            packs.add(new ObjectDamage(ObjectKind.DATA, pack, Damage.nameMismatch().problem()));
        }
        try {
            List<PackEntry> header = PackFormat.entries(pack, bytes, repository.cipher());
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
                if (e.offset() < 0 || (long) e.offset() + e.length() > bytes.length) {
                    throw Damage.beyondEnd();
                }
                repository.openBlob(e.id(), pack, bytes, e.offset(), e.length());
            } catch (CorruptObjectException x) {
                blobs.add(new BlobDamage(e.type(), e.id(), pack, Damage.opening(x)));
            } catch (Damage d) {
                blobs.add(new BlobDamage(e.type(), e.id(), pack, d));
            }
        }
        return new Outcome(packs, blobs, bytes.length, indexed.size());
    }
}
