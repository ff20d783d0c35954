package dev.arca.repository.prune;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.check.Survey;
import dev.arca.repository.index.IndexFile;
import dev.arca.repository.index.IndexFile.PackBlobs;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.lock.LockStore;
import dev.arca.repository.pack.FinishedPack;
import dev.arca.repository.pack.PackEntry;
import dev.arca.repository.pack.Packer;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectRangeException;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reclaims the space of blobs no snapshot uses. The steps run in an order that keeps the repository
 * whole if the process dies between any two storage calls:
 * <ol>
 *   <li>store new packs with the used blobs of the packs to repack (until indexed, they are garbage);</li>
 *   <li>store index files covering every kept and new pack, the last one naming every old index file as
 *       superseded (until the old ones go, blobs are indexed twice, in packs that all exist);</li>
 *   <li>remove the old index files;</li>
 *   <li>remove the packs that no index file names any more, and the garbage.</li>
 * </ol>
 * Packs are removed only after every index file naming them is gone, so an index file never names a
 * missing pack. Prune runs under an exclusive lock: no backup can be between storing a pack and indexing
 * it, so a pack in no index is garbage and can go.
 *
 * <p>Open the repository again after a prune before saving through it: an index it loaded earlier still
 * lists the blobs of removed packs, and a save would deduplicate against them.
 */
public final class Pruner {
    /** Index files of at most this many blobs (about 4.5 MB): quick to load, and a crash loses little work. */
    private static final int BLOBS_PER_INDEX_FILE = 100_000;
    /** Copying is bound by storage, not by the CPU; two uploads overlap one pack's upload with the next one's filling. */
    private static final int UPLOADS = 2;
    /**
     * Blobs to copy are read in ranges of at most this many bytes, joining neighbours less than
     * {@link #RANGE_GAP} apart: a pack is read whole only when most of it stays, and never held whole in
     * memory (a 16 MiB pack beside the survey was what a prune of 411,000 blobs could not fit).
     */
    private static final int RANGE_LENGTH = 4 << 20;
    private static final int RANGE_GAP = 1 << 20;

    private final Repository repository;
    private final Storage storage;
    private final int blobsPerIndexFile;
    /**
     * The buffer ranges are read into, reused from range to range: fresh arrays of up to 4 MiB, and the
     * blobs opened and copied out of them, came to several times the bytes copied, and under check's and
     * prune's growing heap what young collections promoted stayed until the old generation filled.
     */
    private byte[] range = new byte[0];

    public Pruner(Repository repository) {
        this(repository, BLOBS_PER_INDEX_FILE);
    }

    /** With smaller index files, so that tests can interrupt prune between them. */
    Pruner(Repository repository, int blobsPerIndexFile) {
        this.repository = repository;
        this.storage = repository.storage();
        this.blobsPerIndexFile = blobsPerIndexFile;
    }

    /** Prunes under an exclusive lock taken for the duration; waits up to {@link PruneOptions#lockWait()} for it. */
    public PruneResult prune(PruneOptions options, LockStore locks) throws IOException {
        try (HeldLock lock = locks.acquire(true, "prune", options.lockWait())) {
            return prune(options, lock);
        }
    }

    /**
     * Prunes under an exclusive lock the caller holds (as {@code forget --prune} does).
     *
     * @throws DamagedRepositoryException if the repository is damaged; nothing is deleted then
     */
    public PruneResult prune(PruneOptions options, HeldLock lock) throws IOException {
        requireExclusive(lock, "prune");
        Survey survey = Survey.of(repository);
        if (!survey.sound()) {
            throw new DamagedRepositoryException(survey.problems());
        }
        PrunePlan plan = PrunePlan.of(survey, options, repository.config().packSize());
        if (options.dryRun()) {
            int indexFiles = (int) Math.max(1, (plan.blobsKept() + blobsPerIndexFile - 1) / blobsPerIndexFile);
            return plan.result(true, List.of(), plan.rewritesIndex() ? indexFiles : 0,
                    plan.rewritesIndex() ? survey.indexFiles().size() : 0);
        }
        if (plan.changesNothing()) {
            return plan.result(false, List.of(), 0, 0);
        }
        List<FinishedPack> written = repack(plan);
        int indexFilesWritten = 0;
        if (plan.rewritesIndex()) {
            indexFilesWritten = writeIndex(survey, plan, written);
        }
        if (lock.refreshFailure() != null) {
            throw new IOException("prune stopped before deleting anything: its exclusive lock could not be refreshed, so "
                    + "another process may have found the repository unlocked (" + lock.refreshFailure().getMessage() + ")",
                    lock.refreshFailure());
        }
        boolean oldIndexKept = false;
        if (plan.rewritesIndex()) {
            for (String old : survey.indexFiles()) {
                try {
                    storage.remove(ObjectKey.of(ObjectKind.INDEX, old));
                } catch (dev.arca.storage.ObjectLockedException e) {
                    oldIndexKept = true;
                }
            }
        }
        // An index file that stays must never name a pack that is gone: keep every pack until all old
        // index files can go (an immutable repository's later prune finishes the job).
        for (String pack : oldIndexKept ? List.<String>of() : plan.doomed()) {
            try {
                storage.remove(ObjectKey.of(ObjectKind.DATA, pack));
            } catch (dev.arca.storage.ObjectLockedException e) {
                // immutable for a while yet: unreferenced, harmless, removed by a later prune
            }
        }
        return plan.result(false, written, indexFilesWritten, plan.rewritesIndex() ? survey.indexFiles().size() : 0);
    }

    static void requireExclusive(HeldLock lock, String operation) {
        if (!lock.lock().exclusive()) {
            throw new IllegalArgumentException(operation + " needs an exclusive lock, not a " + lock.lock().describe());
        }
    }

    /**
     * Copies the kept blobs of the packs to repack, sealed as they are: the key does not change, so
     * there is nothing to re-encrypt. Each blob is authenticated before it is copied, so that prune
     * never turns a damaged blob into a seemingly fresh one, and never deletes its only copy.
     */
    private List<FinishedPack> repack(PrunePlan plan) throws IOException {
        List<FinishedPack> written = Collections.synchronizedList(new ArrayList<>());
        if (plan.repack().isEmpty()) {
            return written;
        }
        try (Packer packer = new Packer(storage, repository.cipher(), repository.config().packSize(), UPLOADS, written::add)) {
            for (Map.Entry<String, List<PackEntry>> pack : plan.repack().entrySet()) {
                copy(pack.getKey(), pack.getValue(), packer);
            }
            packer.flush();
        }
        return List.copyOf(written);
    }

    /** Copies the blobs of one pack, in offset order, reading the ranges that hold them. */
    private void copy(String pack, List<PackEntry> blobs, Packer packer) throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, pack);
        int from = 0;
        while (from < blobs.size()) {
            long start = blobs.get(from).offset();
            long end = start + blobs.get(from).length();
            int to = from + 1;
            while (to < blobs.size()) {
                PackEntry next = blobs.get(to);
                long nextEnd = (long) next.offset() + next.length();
                if (next.offset() - end > RANGE_GAP || nextEnd - start > RANGE_LENGTH) {
                    break;
                }
                end = Math.max(end, nextEnd);
                to++;
            }
            byte[] bytes = null;
            long base = 0;
            int loaded = 0;
            if (start >= 0) {
                int length = (int) (end - start);
                if (range.length < length) {
                    range = new byte[length];
                }
                try {
                    storage.loadInto(key, start, range, 0, length);
                    bytes = range;
                    base = start;
                    loaded = length;
                } catch (ObjectRangeException truncated) {
                    // read whole below
                }
            }
            if (bytes == null) {
                // A negative offset or a truncated pack: the whole pack says which blob lies beyond it.
                bytes = storage.load(key);
                loaded = bytes.length;
            }
            for (PackEntry e : blobs.subList(from, to)) {
                packer.add(e.type(), e.id(), bytes, verified(pack, bytes, base, loaded, e), e.length(), e.rawLength());
            }
            from = to;
        }
    }

    /**
     * Where the stored bytes of {@code e} start in {@code bytes}, whose first {@code loaded} bytes hold the
     * pack from {@code base}, once they are authenticated and their content matches the id.
     */
    private int verified(String pack, byte[] bytes, long base, int loaded, PackEntry e) throws DamagedRepositoryException {
        long at = e.offset() - base;
        if (e.offset() < 0 || at < 0 || at + e.length() > loaded) {
            throw new DamagedRepositoryException(List.of("blob " + e.id().hex() + " in pack " + pack
                    + ": lies beyond the end of its pack (truncated)"));
        }
        try {
            repository.verifyBlob(e.id(), pack, bytes, (int) at, e.length());
        } catch (CorruptObjectException x) {
            throw new DamagedRepositoryException(List.of(x.getMessage()));
        }
        return (int) at;
    }

    /**
     * Writes the new index. The supersedes list goes into the last file written, so that its presence
     * shows the set of new files is complete.
     */
    private int writeIndex(Survey survey, PrunePlan plan, List<FinishedPack> written) throws IOException {
        List<PackBlobs> packs = new ArrayList<>();
        plan.keep().forEach(p -> packs.add(survey.indexedPacks().get(p)));
        written.forEach(f -> packs.add(new PackBlobs(f.name(), f.entries())));
        List<List<PackBlobs>> files = new ArrayList<>();
        List<PackBlobs> current = new ArrayList<>();
        int blobs = 0;
        for (PackBlobs p : packs) {
            if (!current.isEmpty() && blobs + p.blobs().size() > blobsPerIndexFile) {
                files.add(current);
                current = new ArrayList<>();
                blobs = 0;
            }
            current.add(p);
            blobs += p.blobs().size();
        }
        files.add(current);
        List<String> supersedes = List.copyOf(survey.indexFiles());
        for (int i = 0; i < files.size(); i++) {
            repository.saveIndexFile(new IndexFile(files.get(i), i == files.size() - 1 ? supersedes : List.of()));
        }
        return files.size();
    }
}
